"""Timestamps: every instant inside leadscore is a timezone-aware UTC datetime."""

from __future__ import annotations

from datetime import UTC, date, datetime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, aware ones converted, so comparisons never fail."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_timestamp(value: object) -> datetime:
    """Accept ISO 8601 text (with or without zone, `Z` allowed), dates, datetimes, epoch seconds.

    Raises ValueError with the offending value so callers can name row and field.
    """
    if isinstance(value, datetime):
        return utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=UTC)
    if isinstance(value, str):
        text = value.strip()
        if text:
            try:
                return utc(datetime.fromisoformat(text))
            except ValueError:
                pass
    raise ValueError(f"not an ISO 8601 timestamp: {value!r}")


def epoch_seconds(moment: datetime) -> float:
    """Seconds since 1970 as a float: the one clock the engine does arithmetic on."""
    return (utc(moment) - EPOCH).total_seconds()


def now_utc() -> datetime:
    return datetime.now(UTC)
