"""A value as set-based scoring sees it: its text, its number, and whether it is missing.

These mirror engine/tests.py (numbers compare as numbers, everything else as trimmed,
case-insensitive text; blank is missing) so that score_many agrees with score_one.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from leadscore.engine.many.number_text import number_of


@dataclass(frozen=True, slots=True)
class Operand:
    text: ir.StringValue
    number: ir.FloatingValue
    missing: ir.BooleanValue
    folded: ir.StringValue  # trimmed, lower-case text, for equality tests


def _operand(text: ir.StringValue, number: ir.FloatingValue, missing: ir.BooleanValue) -> Operand:
    return Operand(text, number, missing, text.strip().lower())


def of_string(value: ir.StringValue, dialect: str = "duckdb") -> Operand:
    """Text as `dialect`'s engine holds it; numbers in it read as Python's float() does."""
    stripped = value.strip()
    return _operand(value, number_of(stripped, dialect), value.isnull() | (stripped == ""))


def of_number(value: ir.NumericValue) -> Operand:
    return _operand(value.cast("string"), value.cast("float64"), value.isnull())


def _bool_text(value: ir.BooleanValue) -> ir.StringValue:
    """'true' / 'false' as Python prints them; NULL stays NULL (ifelse would say 'false')."""
    return ibis.cases((value, "true"), (~value, "false"), else_=ibis.null("string"))


def of_boolean(value: ir.BooleanValue) -> Operand:
    return _operand(_bool_text(value), ibis.null("float64"), value.isnull())


def of_json(value: ir.JSONValue) -> Operand:
    """A JSON value: strings, whole and decimal numbers and booleans, as Python reads them."""
    whole, decimal, flag = value.int, value.float, value.bool
    text = ibis.coalesce(
        value.str,
        whole.cast("string"),
        decimal.cast("string"),
        _bool_text(flag),
    )
    number = ibis.coalesce(whole.cast("float64"), decimal)
    string = value.str
    missing = text.isnull() | (string.notnull() & (string.strip() == ""))
    return _operand(text, ibis.coalesce(number, string.strip().try_cast("float64")), missing)


def of_column(value: ir.Value, dialect: str = "duckdb") -> Operand:
    if value.type().is_string():
        return of_string(value, dialect)  # type: ignore[arg-type]
    if value.type().is_boolean():
        return of_boolean(value)  # type: ignore[arg-type]
    if value.type().is_numeric():
        return of_number(value)  # type: ignore[arg-type]
    if value.type().is_json():
        return of_json(value)  # type: ignore[arg-type]
    return of_string(value.cast("string"), dialect)
