"""engine.moments: engagement and signals at each instant a lead did something."""

from __future__ import annotations

import pytest

from leadscore.engine.moments import intermediate_moments
from leadscore.engine.timeline import known_events
from tests.unit.engine.builders import day, event, model

SPEC = model(
    engagement={
        "half_life_days": 10,
        "limit": 25,
        "rules": [
            {"name": "visit", "event": "page_view", "points": 10, "cap": 15},
            {"name": "demo", "event": "demo_request", "points": 20, "decay": False},
        ],
    },
    signals=[{"name": "busy", "event": "page_view", "within_days": 5, "min_count": 2}],
)


def moments(events):
    return list(intermediate_moments(SPEC, known_events(events, day(1000))))


def test_moments_before_and_after_each_later_distinct_time_in_order():
    events = [event("page_view", day(3)), event("page_view", day(0)), event("page_view", day(0))]
    assert [m.at for m in moments(events)] == [day(0), day(3), day(3)]


def test_engagement_carries_decayed_points_forward_and_caps_them():
    first, before, second = moments([event("page_view", day(0)), event("page_view", day(10))])
    assert first.engagement == 10
    assert before.engagement == pytest.approx(5)  # faded, before the new visit counts
    assert second.engagement == pytest.approx(15)  # 5 carried + 10 new, at the cap


def test_engagement_is_held_to_the_group_limit():
    (only,) = moments([event("page_view", day(0)), event("demo_request", day(0))])
    assert only.engagement == 25


def test_signals_count_only_events_inside_the_window():
    events = [event("page_view", day(0)), event("page_view", day(5)), event("page_view", day(11))]
    assert [m.signals for m in moments(events)] == [
        frozenset(),
        frozenset(),
        frozenset({"busy"}),
        frozenset(),
        frozenset(),
    ]
