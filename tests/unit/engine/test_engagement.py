"""engine.engagement: each rule decayed then capped, the group then limited."""

from __future__ import annotations

import pytest

from leadscore.engine.engagement import engagement_contributions
from tests.unit.engine.builders import day, event, model

SPEC = model(
    engagement={
        "half_life_days": 10,
        "limit": 50,
        "rules": [
            {"name": "visit", "event": "page_view", "points": 4, "cap": 10},
            {"name": "webinar", "event": "webinar_attended", "points": 8, "half_life_days": 20},
            {"name": "demo", "event": "demo_request", "points": 40, "decay": False},
            {"name": "unsubscribed", "event": "email_unsubscribe", "points": -25, "cap": 25},
        ],
    }
)


def lines(events, as_of):
    return {line.rule: line for line in engagement_contributions(SPEC.engagement, events, as_of)}


def test_points_decay_with_the_group_half_life():
    visit = lines([event("page_view", day(0))], day(10))["visit"]
    assert (visit.raw, visit.decayed, visit.points) == (4, 2, 2)
    assert not visit.cap_hit


def test_a_rule_half_life_overrides_the_group_one():
    webinar = lines([event("webinar_attended", day(0))], day(20))["webinar"]
    assert webinar.points == 4


def test_rules_without_decay_keep_their_points():
    demo = lines([event("demo_request", day(0))], day(365))["demo"]
    assert demo.points == demo.raw == 40


def test_the_cap_applies_after_decay_and_is_reported():
    views = [event("page_view", day(0), event_id=f"v{i}") for i in range(5)]
    visit = lines(views, day(10))["visit"]
    assert visit.raw == 20
    assert visit.decayed == pytest.approx(10)
    assert visit.points == 10
    views = [event("page_view", day(0), event_id=f"v{i}") for i in range(5)]
    visit = lines(views, day(0))["visit"]
    assert (visit.decayed, visit.points, visit.cap_hit) == (20, 10, True)
    assert visit.event_ids == ("v0", "v1", "v2", "v3", "v4")


def test_negative_rules_are_capped_from_below():
    unsubscribes = [event("email_unsubscribe", day(0), event_id=f"u{i}") for i in range(2)]
    line = lines(unsubscribes, day(0))["unsubscribed"]
    assert (line.decayed, line.points, line.cap_hit) == (-50, -25, True)


def test_the_group_limit_line_comes_last():
    events = [
        event("demo_request", day(0)),
        event("webinar_attended", day(0)),
        event("page_view", day(0)),
    ]
    result = engagement_contributions(SPEC.engagement, events, day(0))
    assert [line.rule for line in result] == ["visit", "webinar", "demo", "engagement limit"]
    assert result[-1].points == -2


def test_rules_that_match_nothing_are_not_listed():
    assert lines([], day(0)) == {}
