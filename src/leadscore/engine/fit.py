"""Fit: who the lead is, from attributes. Does not change with time."""

from __future__ import annotations

from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import Contribution
from leadscore.engine.fit_plan import FitPlan, fit_lines_of
from leadscore.engine.tests import passes
from leadscore.spec.model import FitGroup, FitRule

#: Compiled groups by id (the group is kept, so its id is not reused while here). Few:
#: cleared when full or when another model's group comes along.
_PLANS: dict[int, FitPlan] = {}
_MOST_PLANS = 16


def rule_applies(rule: FitRule, lead: Lead) -> bool:
    return all(passes(test, lead.attribute(test.attribute)) for test in rule.tests)


def fit_contributions(group: FitGroup, lead: Lead) -> list[Contribution]:
    """The same lines as `fit_lines`, read from the outcomes of the group's tests (see
    fit_plan): real-time scoring rescores a lead on every event, most leads never seen."""
    plan = _plan(group)
    try:
        outcomes = plan.outcomes(lead)
    except Exception:  # a value the plan cannot read: fit_lines fails, or not, as it does
        return fit_lines(group, lead)
    return plan.lines(outcomes)


def fit_lines(group: FitGroup, lead: Lead) -> list[Contribution]:
    return fit_lines_of(group, [rule_applies(rule, lead) for rule in group.rules])


def _plan(group: FitGroup) -> FitPlan:
    plan = _PLANS.get(id(group))
    if plan is None or plan.group is not group:
        if len(_PLANS) >= _MOST_PLANS or plan is not None:
            _PLANS.clear()
        plan = _PLANS[id(group)] = FitPlan(group)
    return plan
