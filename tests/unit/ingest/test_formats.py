"""Format detection and the shape of every ingest error."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

from leadscore.errors import LeadscoreError
from leadscore.ingest import IngestError, detect_format, read_events


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.csv", "csv"),
        ("a.JSONL", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.json", "jsonl"),
        ("a.parquet", "parquet"),
        ("a.pq", "parquet"),
    ],
)
def test_detects_by_extension(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text('{"event_id": "e1"}\n')
    assert detect_format(path) == expected


def test_segment_sniffed_from_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps({"type": "track", "messageId": "m1", "event": "X"}) + "\n")
    assert detect_format(path) == "segment"
    assert detect_format(path, "jsonl") == "jsonl"


def test_unknown_extension_names_file_and_formats(tmp_path: Path) -> None:
    path = tmp_path / "events.txt"
    path.write_text("x")
    with pytest.raises(IngestError) as caught:
        read_events(path)
    message = str(caught.value)
    assert "events.txt" in message and "'.txt'" in message
    assert all(name in message for name in ("csv", "jsonl", "parquet", "segment"))


def test_unknown_format_name(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("x")
    with pytest.raises(IngestError, match="unknown format 'xml'"):
        detect_format(path, "xml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=re.escape("nope.csv: file not found")):
        read_events(tmp_path / "nope.csv")


def test_error_is_one_line_leadscore_error_and_pickles() -> None:
    error = IngestError("events.csv", "bad\nvalue", row=3, line=4, field="occurred_at")
    assert isinstance(error, LeadscoreError)
    assert str(error) == "events.csv: row 3 (line 4): occurred_at: bad value"
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.row, again.line, again.field) == (str(error), 3, 4, "occurred_at")
    assert str(IngestError("x.parquet", "boom", row=7)) == "x.parquet: row 7: boom"
