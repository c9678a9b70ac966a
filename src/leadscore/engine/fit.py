"""Fit: who the lead is, from attributes. Does not change with time."""

from __future__ import annotations

from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import Contribution
from leadscore.engine.limits import with_limit
from leadscore.engine.tests import passes
from leadscore.spec.model import FitGroup, FitRule

#: Fit lines by (group, the typed values its tests read): real-time scoring rescores a
#: lead on every event, and its fit only changes when those values do. Bounded; cleared
#: when full or when another model's group comes along.
_LINES: dict[tuple[object, ...], tuple[Contribution, ...]] = {}
_INPUTS: dict[int, tuple[FitGroup, tuple[str, ...]]] = {}
_MOST = 20_000


def rule_applies(rule: FitRule, lead: Lead) -> bool:
    return all(passes(test, lead.attribute(test.attribute)) for test in rule.tests)


def fit_contributions(group: FitGroup, lead: Lead) -> list[Contribution]:
    """The same lines as `fit_lines`, remembered for leads whose tested values (with
    their types: 1 and True test differently) were seen before."""
    key = (id(group), *((type(value), value) for value in _inputs(group, lead)))
    try:
        found = _LINES.get(key)
    except TypeError:  # an unhashable custom attribute (a list): not remembered
        return fit_lines(group, lead)
    if found is None:
        if len(_LINES) >= _MOST:
            _LINES.clear()
        found = _LINES[key] = tuple(fit_lines(group, lead))
    return list(found)


def fit_lines(group: FitGroup, lead: Lead) -> list[Contribution]:
    lines = [
        Contribution("fit", rule.name, rule.points, rule.points, rule.points)
        for rule in group.rules
        if rule_applies(rule, lead)
    ]
    return with_limit("fit", lines, group.limit)


def _inputs(group: FitGroup, lead: Lead) -> tuple[object, ...]:
    """The values the group's tests read; `seniority` is read from the title it derives
    from (cheaper than its regexes, and it decides it)."""
    known = _INPUTS.get(id(group))
    if known is None or known[0] is not group:
        if len(_INPUTS) >= 16 or known is not None:
            _INPUTS.clear()
            _LINES.clear()
        names = sorted({test.attribute for rule in group.rules for test in rule.tests})
        known = _INPUTS[id(group)] = (group, tuple(names))
    return tuple(lead.title if name == "seniority" else lead.attribute(name) for name in known[1])
