"""The scoring model's types: defaults, shorthands and derived values rules rely on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from leadscore.spec import EngagementRule, ScoringModel
from leadscore.spec import Test as ValueTest


def model(**document) -> ScoringModel:
    return ScoringModel.model_validate({"name": "m", **document})


def test_bands_are_kept_in_ascending_order_whatever_the_file_order():
    spec = model(tiers={"hot": 100, "cold": 0, "warm": 50}, grades={"A": 75, "D": 0})
    assert list(spec.tiers) == ["cold", "warm", "hot"]
    assert list(spec.grades) == ["D", "A"]


def test_in_is_spelled_in_and_reported_as_in():
    test = ValueTest.model_validate({"in": ["a", "b"]})
    assert test.operator == "in"
    assert test.operand("in") == ["a", "b"]


def test_a_bare_value_in_where_is_an_equals_test():
    rule = EngagementRule.model_validate(
        {"name": "r", "event": "page_view", "points": 1, "where": {"url": "/pricing", "n": 2}}
    )
    assert [(key, test.operator, test.equals) for key, test in rule.property_tests] == [
        ("url", "equals", "/pricing"),
        ("n", "equals", 2),
    ]


def test_a_rule_half_life_overrides_the_group_and_decay_false_disables_it():
    spec = model(
        engagement={
            "half_life_days": 90,
            "rules": [
                {"name": "a", "event": "x", "points": 1},
                {"name": "b", "event": "x", "points": 1, "half_life_days": 7},
                {"name": "c", "event": "x", "points": 1, "decay": False, "half_life_days": 7},
            ],
        }
    )
    assert [spec.engagement.half_life_of(r) for r in spec.engagement.rules] == [90, 7, None]


def test_exit_thresholds_default_to_the_entry_thresholds():
    mql = model(lifecycle={"mql": {"fit_at_least": 30, "engagement_at_least": 40}}).lifecycle.mql
    assert (mql.fit_exit, mql.engagement_exit) == (30, 40)


@pytest.mark.parametrize("initial", ["mql", "customer"])
def test_only_subscriber_or_lead_can_be_the_initial_stage(initial):
    with pytest.raises(ValidationError):
        model(lifecycle={"initial": initial})


def test_models_are_immutable():
    spec = model()
    with pytest.raises(ValidationError):
        spec.name = "other"  # type: ignore[misc]


def test_yes_and_no_stay_text_so_norway_is_a_country() -> None:
    from leadscore.spec import load_spec_text

    spec = load_spec_text(
        "name: x\nfit:\n  rules:\n"
        "    - {name: nordics, when: {attribute: country, in: [SE, NO, DK]}, points: 5}\n"
    )
    assert spec.fit.rules[0].tests[0].in_ == ["SE", "NO", "DK"]


def test_points_must_be_finite() -> None:
    import pytest

    from leadscore.spec import SpecError, load_spec_text

    with pytest.raises(SpecError, match=r"m.yaml:4: fit.rules\[0\].points"):
        load_spec_text(
            "name: x\nfit:\n  rules:\n"
            "    - {name: n, when: {attribute: a, exists: true}, points: .inf}\n",
            "m.yaml",
        )
