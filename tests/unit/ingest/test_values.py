"""Cell conversion rules shared by every format."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from leadscore.ingest.values import (
    boolean,
    email,
    extra,
    identifier,
    integer,
    json_object,
    number,
    text,
    timestamp_parser,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("250", 250), (" 250.0 ", 250), ("", None), (None, None), (250, 250), (1e3, 1000)],
)
def test_integer_accepts_whole_numbers(raw: object, expected: int | None) -> None:
    assert integer(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "250.5", 250.5, True, "inf"])
def test_integer_refuses_the_rest(raw: object) -> None:
    with pytest.raises(ValueError, match="expected a whole number"):
        integer(raw)


def test_number_and_nan() -> None:
    assert number("1.5e6") == 1_500_000.0
    assert number(math.nan) is None
    with pytest.raises(ValueError, match="expected a number"):
        number("lots")


@pytest.mark.parametrize("raw", ["true", "1", "YES", "y", "T", 1, True])
def test_boolean_true(raw: object) -> None:
    assert boolean(raw) is True


@pytest.mark.parametrize("raw", ["false", "0", "No", "n", "f", "", None, 0])
def test_boolean_false(raw: object) -> None:
    assert boolean(raw) is False


def test_boolean_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="expected true/false"):
        boolean("maybe")


def test_email_lowercased_and_checked() -> None:
    assert email("  Ann@Example.COM ") == "ann@example.com"
    assert email("") is None
    for bad in ("ann.example.com", "a@b@c", "@example.com"):
        with pytest.raises(ValueError, match="one '@'"):
            email(bad)


def test_text_strips_and_blanks_are_none() -> None:
    assert text("  Acme ") == "Acme"
    assert text("   ") is None
    assert text(12.0) == "12"


def test_json_object_forms() -> None:
    assert json_object('{"a": 1}') == {"a": 1}
    assert json_object("") == {}
    assert json_object([("k", "v")]) == {"k": "v"}
    with pytest.raises(ValueError, match="invalid JSON"):
        json_object("{nope")
    with pytest.raises(ValueError, match="expected a JSON object"):
        json_object("[1, 2]")


def test_timestamp_format_is_strict() -> None:
    parse = timestamp_parser("%d-%m-%Y")
    assert parse("03-02-2026") == datetime(2026, 2, 3, tzinfo=UTC)
    with pytest.raises(ValueError, match="expected a timestamp like '%d-%m-%Y'"):
        parse("2026-02-03")


INT64_MAX = 2**63 - 1


@pytest.mark.parametrize("raw", [INT64_MAX, -(2**63), str(INT64_MAX), f" -{2**63} "])
def test_integer_accepts_the_int64_range(raw: object) -> None:
    assert integer(raw) == int(str(raw).strip())


@pytest.mark.parametrize(
    "raw",
    [
        2**63,
        -(2**63) - 1,
        99999999999999999999999,
        "99999999999999999999999",
        "9" * 5000,
        1e300,
        "1e400",
        math.inf,
        "+-5",
        "²",
        b"1",
    ],
)
def test_integer_beyond_int64_or_malformed_is_refused(raw: object) -> None:
    with pytest.raises(ValueError, match="expected a whole number") as caught:
        integer(raw)
    assert len(str(caught.value)) < 200


def test_integer_out_of_range_message_gives_the_bounds() -> None:
    with pytest.raises(ValueError, match=f"between {-(2**63)} and {INT64_MAX}, got 9999"):
        integer(99999999999999999999999)


@pytest.mark.parametrize("raw", [math.inf, -math.inf, "inf", "-Infinity", "nan", 10**400])
def test_number_refuses_non_finite(raw: object) -> None:
    with pytest.raises(ValueError, match="expected a finite number"):
        number(raw)


@pytest.mark.parametrize("raw", [True, [1], {"a": 1}, b"1", "lots"])
def test_number_refuses_non_numbers(raw: object) -> None:
    with pytest.raises(ValueError, match="expected a number"):
        number(raw)


def test_number_nan_float_is_blank_like_pandas_missing() -> None:
    assert number(math.nan) is None
    assert integer(math.nan) is None


def test_json_object_is_json_safe() -> None:
    assert json_object('{"a": NaN, "b": [Infinity, 1]}') == {"a": None, "b": [None, 1]}
    assert json_object({"d": date(2026, 1, 2), "n": Decimal("2.50")}) == {
        "d": "2026-01-02",
        "n": 2.5,
    }
    assert json_object([(1, Decimal("3"))]) == {"1": 3}
    with pytest.raises(ValueError, match=r"binary data at \['x'\]\[0\]"):
        json_object({"x": [b"\x00"]})
    with pytest.raises(ValueError, match="invalid JSON"):
        json_object('{"a": ' + "1" * 5000 + "}")
    with pytest.raises(ValueError, match="invalid JSON"):
        json_object("[" * 100_000)


def test_extra_drops_nan_and_inf_and_converts_natives() -> None:
    assert extra(math.nan) is None
    assert extra(math.inf) is None
    assert extra(datetime(2026, 1, 2, 3, tzinfo=UTC)) == "2026-01-02T03:00:00+00:00"
    assert extra(Decimal("7.000")) == 7
    with pytest.raises(ValueError, match="binary data cannot be stored"):
        extra(b"raw")


@pytest.mark.parametrize("raw", [{"id": 1}, ["L1"], b"L1"])
def test_identifier_refuses_containers_and_bytes(raw: object) -> None:
    with pytest.raises(ValueError, match="expected text or a number"):
        identifier(raw)


def test_timestamp_parsers_turn_overflow_into_value_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        timestamp_parser(None)("9999-12-31T23:00-05:00")
    with pytest.raises(ValueError, match="out of range"):
        timestamp_parser(None)(1e20)
    with pytest.raises(ValueError, match="out of range in UTC: '9999-12-31 23:00 -0500'"):
        timestamp_parser("%Y-%m-%d %H:%M %z")("9999-12-31 23:00 -0500")
