"""engine.matching: which events a rule or signal counts."""

from __future__ import annotations

from leadscore.engine.compiled import compiled
from leadscore.engine.matching import matches
from leadscore.spec import EngagementRule
from tests.unit.engine.builders import event, model


def rule(**parts) -> EngagementRule:
    return EngagementRule.model_validate({"name": "r", "points": 1, **parts})


def test_the_event_type_must_be_one_of_the_listed_ones():
    assert matches(rule(event="page_view"), event("page_view"))
    assert not matches(rule(event="page_view"), event("email_open"))
    assert matches(rule(event=["email_click", "email_reply"]), event("email_reply"))


def test_every_property_test_must_pass():
    pricing_dwell = rule(
        event="page_view",
        where={"url": {"matches": "/pricing"}, "seconds_on_page": {"at_least": 30}},
    )
    assert matches(pricing_dwell, event("page_view", url="/pricing", seconds_on_page="45"))
    assert not matches(pricing_dwell, event("page_view", url="/pricing", seconds_on_page=3))
    assert not matches(pricing_dwell, event("page_view", url="/pricing"))


def test_a_bare_value_in_where_means_equals():
    webinar = rule(event="webinar_attended", where={"series": "Growth", "part": 2})
    assert matches(webinar, event("webinar_attended", series="growth", part="2"))
    assert not matches(webinar, event("webinar_attended", series="growth", part=3))


def test_missing_properties_pass_only_missing():
    anonymous = rule(event="page_view", where={"referrer": {"missing": True}})
    assert matches(anonymous, event("page_view"))
    assert matches(anonymous, event("page_view", referrer=""))
    assert not matches(anonymous, event("page_view", referrer="google"))


def test_remembered_matches_equal_fresh_ones_whatever_the_value_types():
    """CompiledModel remembers what an event matched per type and tested values; values
    that compare equal but test differently (True and 1) must not share an answer."""
    spec = model(
        engagement={
            "rules": [
                {"name": "one", "event": "e", "where": {"n": 1}, "points": 1},
                {"name": "text", "event": "e", "where": {"n": {"matches": "^1$"}}, "points": 2},
                {"name": "any", "event": "f", "points": 3},
            ]
        }
    )
    found = compiled(spec)
    for item in (
        event("e", n=1),
        event("e", n=True),
        event("e", n="1"),
        event("e", n=[1]),
        event("e", n=1.0, other="x"),
        event("e", n=True),
        event("f", n=True),
        event("g", n=1),
    ):
        assert found.match(item) == found.match_fresh(item)
        assert found.match(item) == found.match_fresh(item)
