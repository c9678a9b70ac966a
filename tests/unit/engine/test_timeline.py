"""engine.timeline: deduplicated, time-ordered events that were known as of a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from leadscore.domain import Event
from leadscore.engine.timeline import age_days, known_events
from tests.unit.engine.builders import LEAD_ID, T0, day, event


def test_events_are_ordered_by_time_then_id_whatever_the_arrival_order():
    a = event("email_open", day(2), event_id="a")
    b = event("email_open", day(1), event_id="b")
    c = event("email_open", day(1), event_id="c")
    assert known_events([a, c, b], day(3)) == [b, c, a]


def test_events_after_as_of_are_left_out_and_as_of_itself_is_in():
    on_time = event("email_open", day(1), event_id="on time")
    late = event("email_open", day(1) + timedelta(microseconds=1), event_id="late")
    assert known_events([late, on_time], day(1)) == [on_time]


def test_one_copy_per_event_id():
    first = event("page_view", T0, event_id="x", url="/a")
    assert known_events([first, first, first], day(1)) == [first]


def test_conflicting_copies_keep_the_earliest_whatever_the_arrival_order():
    early = event("page_view", T0, event_id="x", url="/a")
    later = event("page_view", day(1), event_id="x", url="/b")
    assert known_events([early, later], day(2)) == [early]
    assert known_events([later, early], day(2)) == [early]


def test_naive_and_offset_timestamps_are_read_as_instants_in_utc():
    naive = Event("n", LEAD_ID, "page_view", datetime(2024, 3, 1, 10, 0))
    paris = Event(
        "p", LEAD_ID, "page_view", datetime(2024, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    )
    known = known_events([naive, paris], datetime(2024, 3, 2, tzinfo=UTC))
    assert [e.event_id for e in known] == ["p", "n"]  # 09:30 UTC before 10:00 UTC
    assert all(e.occurred_at.tzinfo is UTC for e in known)


def test_age_in_days():
    assert age_days(day(1.5), T0) == 1.5
