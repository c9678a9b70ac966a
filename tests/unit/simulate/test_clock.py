"""Simulated time: formatting, month arithmetic and working hours."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

from leadscore.simulate.clock import DAY, iso, months_before, working_time


def test_iso_agrees_with_strftime() -> None:
    rng = random.Random(0)
    for _ in range(2_000):
        ts = rng.uniform(0, 4e9)
        assert iso(ts) == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(ts)))


def test_months_before_clamps_to_the_last_day_of_short_months() -> None:
    end = datetime(2026, 3, 31, 8, tzinfo=UTC)
    assert months_before(end, 1) == datetime(2026, 2, 28, 8, tzinfo=UTC)
    assert months_before(end, 15) == datetime(2024, 12, 31, 8, tzinfo=UTC)


def test_working_time_is_mostly_on_weekday_daytime() -> None:
    rng = random.Random(1)
    moments = [working_time(rng, rng.uniform(1.7e9, 1.8e9), 0.0) for _ in range(2_000)]
    weekdays = [time.gmtime(int(ts)).tm_wday < 5 for ts in moments]
    hours = [time.gmtime(int(ts)).tm_hour for ts in moments]
    assert sum(weekdays) / len(moments) > 0.85
    assert all(6 <= hour <= 22 for hour in hours)


def test_working_time_respects_the_time_zone() -> None:
    rng = random.Random(2)
    tokyo = [working_time(rng, 1.75e9 + i * DAY, 9.0) for i in range(500)]
    local_hours = [time.gmtime(int(ts + 9 * 3600)).tm_hour for ts in tokyo]
    assert all(6 <= hour <= 22 for hour in local_hours)
