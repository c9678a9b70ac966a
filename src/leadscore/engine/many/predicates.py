"""A scoring-model test as an Ibis boolean expression over an Operand."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from leadscore.engine.many.operand import Operand
from leadscore.engine.tests import as_number, as_text
from leadscore.spec.model import Test


def _same(operand: Operand, expected: object) -> ir.BooleanValue:
    folded = operand.folded
    number = as_number(expected)
    text_equal = folded == as_text(expected)
    if number is None:
        return text_equal
    return ibis.coalesce(operand.number == number, ibis.literal(False)) | (
        operand.number.isnull() & text_equal
    )


def predicate(test: Test, operand: Operand) -> ir.BooleanValue:
    """True where `test` passes; a missing value passes only `missing`."""
    operator = test.operator
    if operator == "missing":
        return operand.missing
    present = ~operand.missing
    if operator == "exists":
        return present
    if operator == "equals":
        check = _same(operand, test.equals)
    elif operator in ("in", "not_in"):
        options = list(test.operand(operator))  # type: ignore[arg-type]
        found = (
            ibis.or_(*(_same(operand, option) for option in options))
            if options
            else ibis.literal(False)
        )
        check = found if operator == "in" else ~found
    elif operator == "matches":
        check = operand.text.re_search(test.matches or "")
    else:
        check = _in_range(test, operand.number)
    return present & ibis.coalesce(check, ibis.literal(False))


def _in_range(test: Test, number: ir.FloatingValue) -> ir.BooleanValue:
    if test.between is not None:
        return number.between(test.between[0], test.between[1])
    if test.at_least is not None:
        return number >= test.at_least
    if test.below is not None:
        return number < test.below
    return number <= test.at_most
