"""engine.fit: points for who the lead is."""

from __future__ import annotations

from leadscore.domain import Lead
from leadscore.engine.fit import fit_contributions, fit_lines
from tests.unit.engine.builders import model

SPEC = model(
    fit={
        "limit": 30,
        "rules": [
            {
                "name": "software",
                "when": {"attribute": "industry", "equals": "software"},
                "points": 15,
            },
            {
                "name": "mid-market software",
                "when": [
                    {"attribute": "industry", "equals": "software"},
                    {"attribute": "employees", "between": [200, 5000]},
                ],
                "points": 20,
            },
            {
                "name": "senior",
                "when": {"attribute": "seniority", "in": ["vp", "c-level"]},
                "points": 10,
            },
            {"name": "pro plan", "when": {"attribute": "plan", "equals": "pro"}, "points": 5},
            {"name": "no company", "when": {"attribute": "company", "missing": True}, "points": -5},
        ],
    }
)


def points(lead: Lead) -> dict[str, float]:
    return {line.rule: line.points for line in fit_contributions(SPEC.fit, lead)}


def test_every_test_of_a_rule_must_pass():
    small = Lead("a", industry="software", employees=20, company="Acme")
    assert points(small) == {"software": 15}


def test_custom_and_derived_attributes_can_be_scored():
    lead = Lead("b", title="VP Marketing", company="Acme", attributes={"plan": "Pro"})
    assert points(lead) == {"senior": 10, "pro plan": 5}


def test_a_missing_attribute_scores_only_missing_rules():
    assert points(Lead("c")) == {"no company": -5}


def test_the_group_limit_cuts_the_excess():
    lead = Lead(
        "d", industry="software", employees="800", title="Chief Revenue Officer", company="X"
    )
    assert points(lead) == {
        "software": 15,
        "mid-market software": 20,
        "senior": 10,
        "fit limit": -15,
    }
    assert all(
        line.raw == line.decayed == line.points for line in fit_contributions(SPEC.fit, lead)
    )


def test_remembered_lines_equal_fresh_ones_whatever_the_value_types():
    """fit_contributions remembers lines per tested values; values that compare equal
    but test differently (True and 1, "1" and 1) must not share them."""
    spec = model(
        fit={
            "rules": [
                {"name": "one", "when": {"attribute": "flag", "equals": 1}, "points": 3},
                {"name": "text", "when": {"attribute": "flag", "matches": "^1$"}, "points": 2},
            ]
        }
    )
    for value in (1, True, 1.0, "1", ["1"], 1, True):
        lead = Lead("e", attributes={"flag": value})
        assert fit_contributions(spec.fit, lead) == fit_lines(spec.fit, lead)
        assert fit_contributions(spec.fit, lead) == fit_lines(spec.fit, lead)
