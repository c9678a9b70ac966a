"""Timestamps: every instant inside leadscore is a timezone-aware UTC datetime."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from functools import lru_cache

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_RANGE = "out of range (years 1-9999 in UTC)"


def utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, aware ones converted, so comparisons never fail.

    Raises ValueError when the instant falls outside the years 1-9999 once in UTC.
    """
    if moment.tzinfo is UTC:
        return moment
    try:
        if moment.utcoffset() is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (OverflowError, OSError):
        raise ValueError(f"timestamp {_RANGE}: {_shown(moment)}") from None


def parse_timestamp(value: object) -> datetime:
    """Accept ISO 8601 text (with or without zone, `Z` allowed), dates, datetimes, epoch seconds.

    Raises ValueError naming the offending value, so callers can name row and field: for text
    that is not a timestamp, NaN/inf, and instants a UTC datetime cannot hold.
    """
    if isinstance(value, datetime):
        return utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text) if text else None
        except ValueError:
            moment = None
        if moment is not None:
            try:
                return utc(moment)
            except ValueError:
                raise ValueError(f"timestamp {_RANGE}: {_shown(value)}") from None
    raise ValueError(f"not an ISO 8601 timestamp: {_shown(value)}")


def _from_epoch(seconds: float) -> datetime:
    try:
        if math.isfinite(seconds):
            return datetime.fromtimestamp(float(seconds), tz=UTC)
    except (OverflowError, OSError, ValueError):
        pass
    raise ValueError(f"epoch seconds {_RANGE}: {_shown(seconds)}")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def epoch_seconds(moment: datetime) -> float:
    """Seconds since 1970 as a float: the one clock the engine does arithmetic on."""
    if moment.tzinfo is UTC:
        return _utc_epoch_seconds(moment)
    return (utc(moment) - EPOCH).total_seconds()


@lru_cache(maxsize=1 << 16)
def _utc_epoch_seconds(moment: datetime) -> float:
    """Kept for the last 65,536 UTC instants: scoring asks for the same events' times over
    and over (each rule, each moment of the lifecycle replay), and the lookup costs less
    than half the arithmetic. Only UTC datetimes: two equal ones are the same instant (in
    a zone with a repeated hour, equal datetimes can differ by their fold)."""
    return (moment - EPOCH).total_seconds()


def now_utc() -> datetime:
    return datetime.now(UTC)
