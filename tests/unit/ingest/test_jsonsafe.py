"""Custom attributes and properties end as plain JSON that any store can write."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from leadscore.ingest.jsonsafe import json_safe


def test_native_values_become_json() -> None:
    value = {
        "at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "naive": datetime(2026, 1, 2),
        "day": date(2026, 1, 2),
        "clock": time(1, 2, 3),
        "wait": timedelta(minutes=2),
        "price": Decimal("1.50"),
        "count": Decimal("12.00"),
        "pair": (1, "a"),
        "map": [("k", Decimal("2"))],
        "deep": {"list": [{"when": date(2026, 1, 1)}]},
        3: "int key",
        True: "bool key",
    }
    assert json_safe(value) == {
        "at": "2026-01-02T03:04:05+00:00",
        "naive": "2026-01-02T00:00:00",
        "day": "2026-01-02",
        "clock": "01:02:03",
        "wait": 120.0,
        "price": 1.5,
        "count": 12,
        "pair": [1, "a"],
        "map": {"k": 2},
        "deep": {"list": [{"when": "2026-01-01"}]},
        "3": "int key",
        "true": "bool key",
    }


@pytest.mark.parametrize(
    "raw", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity"), Decimal("1e999")]
)
def test_non_finite_numbers_become_none(raw: object) -> None:
    assert json_safe(raw) is None
    assert json_safe({"x": [raw]}) == {"x": [None]}


def test_result_always_dumps_as_strict_json() -> None:
    value = {"a": [math.nan, {"b": Decimal("0.1"), "c": datetime(2026, 1, 1)}], "d": None}
    json.dumps(json_safe(value), allow_nan=False)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"x", ""),
        (bytearray(b"x"), ""),
        ({"a": [1, {"b": b"x"}]}, r" at \['a'\]\[1\]\['b'\]"),
        ([object()], r" at \[0\]"),
        ([((1, 2), "v")], ""),
    ],
)
def test_unstorable_values_are_refused_saying_where(raw: object, where: str) -> None:
    with pytest.raises(ValueError, match=f"{where} cannot be stored"):
        json_safe(raw)


def test_absurd_nesting_is_a_value_error() -> None:
    value: list[object] = []
    for _ in range(10_000):
        value = [value]
    with pytest.raises(ValueError, match="nested too deeply"):
        json_safe(value)
