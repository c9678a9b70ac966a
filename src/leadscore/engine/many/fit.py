"""Fit rules as expressions over the leads table, with `seniority` derived from `title`."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from leadscore.domain.lead import SENIORITY_PATTERNS
from leadscore.engine.many.operand import of_column
from leadscore.engine.many.predicates import predicate
from leadscore.errors import LeadscoreError
from leadscore.spec.model import FitRule


def rule_applies(leads: ir.Table, rule: FitRule) -> ir.BooleanValue:
    dialect = leads._find_backend(use_default=True).name
    condition = ibis.literal(True)
    for test in rule.tests:
        operand = of_column(attribute(leads, test.attribute), dialect)
        condition = condition & predicate(test, operand)
    return condition


def attribute(leads: ir.Table, name: str) -> ir.Value:
    if name == "seniority" and "seniority" not in leads.columns:
        return seniority(leads)
    if name not in leads.columns:
        raise LeadscoreError(
            f"the scoring model uses attribute {name!r}, which the leads table lacks "
            f"(columns: {', '.join(leads.columns)})"
        )
    return leads[name]


def seniority(leads: ir.Table) -> ir.StringValue:
    if "title" not in leads.columns:
        raise LeadscoreError("the scoring model uses `seniority`, which needs a `title` column")
    title = leads.title
    level = ibis.literal("individual")
    for name, pattern in reversed(SENIORITY_PATTERNS):
        level = title.re_search(pattern.pattern).ifelse(ibis.literal(name), level)
    blank = title.isnull() | (title == "")
    return blank.ifelse(ibis.null("string"), level)
