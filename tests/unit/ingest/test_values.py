"""Cell conversion rules shared by every format."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from leadscore.ingest.values import (
    boolean,
    email,
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
