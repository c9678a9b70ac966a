"""Simulated time: epoch seconds internally, ISO 8601 `Z` text on disk.

Floats are used instead of datetimes because the simulator creates millions of instants and
datetime arithmetic would dominate its run time. People act in working hours of their own
time zone, so instants that a person chooses (a visit, a form) are moved into them.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

#: Fixed so that a seed gives the same files whatever day it is run.
DEFAULT_END = datetime(2026, 6, 30, tzinfo=UTC)

DAY = 86_400.0
HOUR = 3_600.0
_THURSDAY = 3  # 1970-01-01 was a Thursday; Monday is 0


def months_before(end: datetime, months: int) -> datetime:
    """The same day-of-month `months` earlier, clamped to the month's last day."""
    total = end.year * 12 + end.month - 1 - months
    year, month = divmod(total, 12)
    for day in (end.day, 30, 29, 28):
        try:
            return end.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


_DATES: dict[int, str] = {}
_MINUTES = tuple(f"{m // 60:02d}:{m % 60:02d}:" for m in range(1_440))
_SECONDS = tuple(f"{sec:02d}Z" for sec in range(60))


def iso(ts: float) -> str:
    """Whole seconds, UTC, `Z` suffix: short, sortable and accepted by every parser.

    Formatting is the hottest path of the simulator, so the date part is cached per day
    and the time of day read from tables.
    """
    day, second = divmod(int(ts), 86_400)
    date = _DATES.get(day)
    if date is None:
        date = _DATES[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86_400))
    minute, second = divmod(second, 60)
    return date + _MINUTES[minute] + _SECONDS[second]


def year_month(ts: float) -> tuple[int, int]:
    moment = time.gmtime(int(ts))
    return moment.tm_year, moment.tm_mon


def working_time(rng: random.Random, ts: float, utc_offset_hours: float) -> float:
    """Move `ts` into plausible local working hours on the same (or next working) day.

    Most activity happens on weekdays around midday local time, some in the evening and
    on weekends: exactly the texture that makes real event streams bursty.
    """
    local = ts + utc_offset_hours * HOUR
    day = local // DAY
    weekday = int(day + _THURSDAY) % 7
    if weekday >= 5 and rng.random() < 0.75:
        day += 7 - weekday
    hour = 6.5 + 8.0 * (rng.random() + rng.random())  # triangular, peaking at 14:30
    return day * DAY + hour * HOUR - utc_offset_hours * HOUR
