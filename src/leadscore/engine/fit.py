"""Fit: who the lead is, from attributes. Does not change with time."""

from __future__ import annotations

from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import Contribution
from leadscore.engine.limits import with_limit
from leadscore.engine.tests import passes
from leadscore.spec.model import FitGroup, FitRule


def rule_applies(rule: FitRule, lead: Lead) -> bool:
    return all(passes(test, lead.attribute(test.attribute)) for test in rule.tests)


def fit_contributions(group: FitGroup, lead: Lead) -> list[Contribution]:
    lines = [
        Contribution("fit", rule.name, rule.points, rule.points, rule.points)
        for rule in group.rules
        if rule_applies(rule, lead)
    ]
    return with_limit("fit", lines, group.limit)
