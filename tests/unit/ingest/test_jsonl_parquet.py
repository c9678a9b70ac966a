"""JSON Lines and Parquet keep native values; both agree with CSV on the same data."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from leadscore.ingest import IngestError, iter_lead_batches, read_events, read_leads


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_jsonl_leads_keep_native_attributes(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "leads.jsonl",
        [
            {"lead_id": 7, "employees": 40, "do_not_call": True, "visits": 3, "trial": False},
            {"lead_id": "L2", "attributes": {"plan": "pro"}, "created_at": "2026-02-01"},
        ],
    )
    first, second = read_leads(path)
    assert first.lead_id == "7" and first.employees == 40 and first.do_not_call is True
    assert first.attributes == {"visits": 3, "trial": False}
    assert second.attributes == {"plan": "pro"}
    assert second.created_at == datetime(2026, 2, 1, tzinfo=UTC)


def test_jsonl_events_object_or_string_properties(tmp_path: Path) -> None:
    base = {"lead_id": "L1", "type": "page_view", "occurred_at": "2026-01-01T00:00:00Z"}
    path = write_jsonl(
        tmp_path / "events.ndjson",
        [
            {**base, "event_id": "e1", "properties": {"url": "/pricing"}},
            {**base, "event_id": "e2", "properties": '{"url": "/docs"}', "channel": "ads"},
        ],
    )
    events = read_events(path)
    assert [e.properties for e in events] == [
        {"url": "/pricing"},
        {"url": "/docs", "channel": "ads"},
    ]


def test_jsonl_errors_name_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    good = {"event_id": "e1", "lead_id": "L1", "type": "x", "occurred_at": "2026-01-01"}
    path.write_text(json.dumps(good) + "\n\n{broken\n")
    with pytest.raises(IngestError, match=r"row 2 \(line 3\): invalid JSON"):
        read_events(path)
    write_jsonl(path, [good, {**good, "event_id": "e2", "occurred_at": "soon"}])
    with pytest.raises(IngestError, match=r"row 2 \(line 2\): occurred_at: not an ISO 8601"):
        read_events(path)
    write_jsonl(path, [{k: v for k, v in good.items() if k != "type"}])
    with pytest.raises(IngestError, match="type: required value is missing"):
        read_events(path)


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "leads.json"
    path.write_text(json.dumps([{"lead_id": "L1"}, {"lead_id": "L2", "employees": "x"}], indent=2))
    with pytest.raises(
        IngestError, match=re.escape("leads.json: row 2: employees: expected a whole number")
    ):
        read_leads(path)


def test_parquet_round_trip_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    table = pa.table(
        {
            "event_id": [f"e{i}" for i in range(5)],
            "lead_id": ["L1"] * 5,
            "type": ["page_view"] * 5,
            "occurred_at": pa.array(
                [datetime(2026, 1, i + 1) for i in range(5)], pa.timestamp("us")
            ),
            "properties": [{"url": "/pricing"}, None, {"url": "/a"}, {"url": None}, {"url": "/b"}],
            "score": [1.5, None, 2.0, 3.0, 4.0],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    events = read_events(path)
    assert [e.event_id for e in events] == ["e0", "e1", "e2", "e3", "e4"]
    assert events[0].occurred_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert events[0].properties == {"url": "/pricing", "score": 1.5}
    assert events[1].properties == {}


def test_parquet_leads_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "leads.pq"
    table = pa.table(
        {
            "lead_id": [1, 2, 3],
            "employees": [10.0, None, 12.0],
            "created_at": ["2026-01-01", None, "bad"],
            "region": ["EU", None, "US"],
        }
    )
    pq.write_table(table, path)
    with pytest.raises(
        IngestError, match=re.escape("leads.pq: row 3: created_at: not an ISO 8601")
    ):
        read_leads(path)
    pq.write_table(table.drop_columns(["created_at"]), path)
    batches = list(iter_lead_batches(path, batch_size=2))
    assert [[lead.lead_id for lead in batch] for batch in batches] == [["1", "2"], ["3"]]
    assert batches[0][0].employees == 10 and batches[0][0].attributes == {"region": "EU"}
    assert batches[0][1].employees is None and batches[0][1].attributes == {}


def test_parquet_missing_column_and_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({"event_id": ["e1"], "lead_id": ["L1"], "type": ["x"]}), path)
    with pytest.raises(IngestError, match="occurred_at: missing required column"):
        read_events(path)
    path.write_bytes(b"not parquet at all")
    with pytest.raises(IngestError, match="not a readable Parquet file"):
        read_events(path)
