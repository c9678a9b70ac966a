"""Timestamps: everything parses to aware UTC, and what cannot be held is a ValueError."""

from __future__ import annotations

import math
import pickle
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadscore.domain.event import Event
from leadscore.domain.timeutil import epoch_seconds, parse_timestamp, utc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (" 2026-01-02 ", datetime(2026, 1, 2, tzinfo=UTC)),
        ("2026-01-02T05:00+02:00", datetime(2026, 1, 2, 3, tzinfo=UTC)),
        (date(2026, 1, 2), datetime(2026, 1, 2, tzinfo=UTC)),
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        (1.5, datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)),
        ("0001-01-01T00:00:00-05:00", datetime(1, 1, 1, 5, tzinfo=UTC)),
        ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_accepts(raw: object, expected: datetime) -> None:
    result = parse_timestamp(raw)
    assert result == expected and result.tzinfo is UTC


@pytest.mark.parametrize(
    "raw",
    [
        1e20,
        -1e20,
        10**400,
        math.nan,
        math.inf,
        -math.inf,
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:00-05:00",
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
    ],
)
def test_parse_timestamp_out_of_range_is_value_error_naming_value(raw: object) -> None:
    with pytest.raises(ValueError, match="out of range") as caught:
        parse_timestamp(raw)
    assert repr(raw)[:40] in str(caught.value)
    assert len(str(caught.value)) < 160


@pytest.mark.parametrize("raw", ["", "  ", "yesterday", True, None, b"2026-01-01", "2026-13-01"])
def test_parse_timestamp_refuses_non_timestamps(raw: object) -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 timestamp"):
        parse_timestamp(raw)


def test_parse_timestamp_long_text_is_cut_short_in_the_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_timestamp("x" * 10_000)
    assert len(str(caught.value)) < 120


def test_utc_treats_naive_as_utc_and_converts_aware() -> None:
    assert utc(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=UTC)
    plus_two = datetime(2026, 1, 1, 2, tzinfo=timezone(timedelta(hours=2)))
    assert utc(plus_two) == datetime(2026, 1, 1, tzinfo=UTC)
    assert utc(plus_two).tzinfo is UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_utc_out_of_range_is_value_error(moment: datetime) -> None:
    with pytest.raises(ValueError, match=r"out of range \(years 1-9999 in UTC\)"):
        utc(moment)


def test_epoch_seconds_round_trip() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_timestamp(epoch_seconds(moment)) == moment


@given(st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-7))])))
def test_epoch_seconds_remembered_is_what_it_computes(moment: datetime) -> None:
    """Remembered values (an lru_cache) equal fresh arithmetic, for naive and aware times
    alike, the second time as the first."""
    expected = (utc(moment) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
    assert epoch_seconds(moment) == expected
    assert epoch_seconds(moment) == expected


def test_events_pickle_as_they_were() -> None:
    event = Event("e1", "L1", "page_view", datetime(2026, 11, 1, tzinfo=UTC), {"url": "/x"})
    again = pickle.loads(pickle.dumps(event))
    assert again == event and type(again) is Event
