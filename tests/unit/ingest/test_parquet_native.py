"""Parquet's native values reach attributes and properties as plain JSON, or a row/field error."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from leadscore.ingest import IngestError, read_events, read_leads

EVENTS = {
    "event_id": ["e1"],
    "lead_id": ["L1"],
    "type": ["visit"],
    "occurred_at": pa.array([datetime(2026, 1, 1, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
}


def write(tmp_path: Path, columns: dict[str, object], name: str = "data.parquet") -> Path:
    path = tmp_path / name
    pq.write_table(pa.table(columns), path)
    return path


def refused(path: Path, reader: Callable[[Path], object] = read_leads) -> str:
    with pytest.raises(IngestError) as caught:
        reader(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message.removeprefix(f"{path}: ")


def test_native_attribute_values_become_json(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "lead_id": ["L1", "L2"],
            "seen": pa.array(
                [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), None], pa.timestamp("ms", tz="UTC")
            ),
            "day": pa.array([date(2026, 1, 2), None]),
            "clock": pa.array([time(1, 2, 3), None]),
            "wait": pa.array([timedelta(seconds=90), None]),
            "price": pa.array([Decimal("1.50"), Decimal("2.00")], pa.decimal128(5, 2)),
            "nested": pa.array([{"when": date(2026, 1, 1), "tags": [1.5, math.nan]}, None]),
            "map": pa.array([[("k", date(2026, 1, 1))], None], pa.map_(pa.string(), pa.date32())),
            "score": [math.inf, math.nan],
        },
    )
    first, second = read_leads(path)
    assert first.attributes == {
        "seen": "2026-01-02T03:04:05+00:00",
        "day": "2026-01-02",
        "clock": "01:02:03",
        "wait": 90.0,
        "price": 1.5,
        "nested": {"when": "2026-01-01", "tags": [1.5, None]},
        "map": {"k": "2026-01-01"},
    }
    assert second.attributes == {"price": 2}
    json.dumps([first.attributes, second.attributes], allow_nan=False)


def test_native_property_values_become_json(tmp_path: Path) -> None:
    props = pa.array([[(1, Decimal("3.25"))]], pa.map_(pa.int32(), pa.decimal128(5, 2)))
    naive = pa.array([datetime(2026, 1, 1, 12)], pa.timestamp("s"))
    [event] = read_events(write(tmp_path, {**EVENTS, "properties": props, "at": naive}))
    assert event.properties == {"1": 3.25, "at": "2026-01-01T12:00:00"}


@pytest.mark.parametrize(
    ("column", "where"),
    [
        (pa.array([None, b"\x00\x01"], pa.binary()), ""),
        (pa.array([None, {"b": b"x"}]), r" at ['b']"),
        (pa.array([None, [b"x"]], pa.list_(pa.large_binary())), " at [0]"),
    ],
)
def test_binary_values_are_refused_with_row_and_field(
    tmp_path: Path, column: pa.Array, where: str
) -> None:
    path = write(tmp_path, {"lead_id": ["L1", "L2"], "blob": column})
    assert refused(path) == f"row 2: blob: binary data{where} cannot be stored; " + (
        "custom values must be text, numbers, true/false, lists or objects"
    )


def test_timestamp_python_cannot_hold_names_row_and_field(tmp_path: Path) -> None:
    far = pa.array([0, 0, 10**15], pa.timestamp("s"))
    path = write(tmp_path, {"lead_id": ["L1", "L2", "L3"], "seen": far})
    assert refused(path).startswith("row 3: seen: value cannot be read (OverflowError")


def test_event_time_in_a_zone_that_leaves_year_1(tmp_path: Path) -> None:
    early = pa.array([-62135593200], pa.timestamp("s", tz="-05:00"))  # 0001-01-01T01:00Z
    message = refused(write(tmp_path, {**EVENTS, "occurred_at": early}), read_events)
    assert (
        message
        == "row 1: occurred_at: value cannot be read (OverflowError: date value out of range)"
    )


def test_uint64_and_decimal_typed_fields(tmp_path: Path) -> None:
    path = write(tmp_path, {"lead_id": ["L1"], "employees": pa.array([2**64 - 1], pa.uint64())})
    assert refused(path).startswith("row 1: employees: expected a whole number between")
    typed = {
        "lead_id": ["L1"],
        "employees": pa.array([Decimal("12")], pa.decimal128(5, 0)),
        "annual_revenue": pa.array([Decimal("1.5")], pa.decimal128(5, 1)),
    }
    [lead] = read_leads(write(tmp_path, typed, "typed.parquet"))
    assert (lead.employees, lead.annual_revenue) == (12, 1.5)
    revenue = {"lead_id": ["L1"], "annual_revenue": [math.inf]}
    message = refused(write(tmp_path, revenue, "inf.parquet"))
    assert message == "row 1: annual_revenue: expected a finite number, got inf"


def test_binary_lead_id_and_empty_files(tmp_path: Path) -> None:
    path = write(tmp_path, {"lead_id": pa.array([b"L1"], pa.binary())})
    assert refused(path).startswith("row 1: lead_id: expected text or a number")
    assert read_leads(write(tmp_path, {"lead_id": pa.array([], pa.string())}, "none.parquet")) == []
    zero = tmp_path / "zero.parquet"
    zero.write_bytes(b"")
    assert refused(zero).startswith("not a readable Parquet file")
