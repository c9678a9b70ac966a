"""Paths that are not readable data files, and mapping or Segment files that are odd."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from leadscore.ingest import IngestError, load_mapping, read_events, read_leads


def refused(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(IngestError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Paths in the returned set fail to open as if the file mode were 000 (tests run as root)."""
    locked: set[Path] = set()
    real_open = Path.open

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self in locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    return locked


@pytest.mark.parametrize("name", ["leads.csv", "leads.jsonl", "leads"])
def test_directory_as_data_path(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    assert refused(read_leads, folder) == f"{folder}: a directory; pass the path of one data file"
    assert refused(read_events, folder, format="csv").startswith(f"{folder}: a directory")


@pytest.mark.parametrize("name", ["leads.csv", "leads.jsonl", "leads.json"])
def test_unreadable_data_file(tmp_path: Path, unreadable: set[Path], name: str) -> None:
    path = tmp_path / name
    path.write_text('{"lead_id": "L1"}\n' if "json" in name else "lead_id\nL1\n")
    unreadable.add(path)
    assert refused(read_leads, path) == f"{path}: cannot read file: Permission denied"


def test_file_name_too_long(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 5000 + ".csv")
    assert "cannot read file: File name too long" in refused(read_leads, path)


def test_mapping_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_bytes(b"columns:\n  lead_id: Kunden-Nr\xfc\n")
    data = tmp_path / "leads.csv"
    data.write_text("lead_id\nL1\n")
    expected = f"{mapping}: line 2: not UTF-8 text (byte 0xfc at column 21); save as UTF-8"
    assert refused(load_mapping, mapping) == expected
    assert refused(read_leads, data, mapping=mapping) == expected


def test_mapping_directory_missing_or_unreadable(tmp_path: Path, unreadable: set[Path]) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    assert refused(load_mapping, folder) == f"{folder}: cannot read mapping file: Is a directory"
    missing = tmp_path / "nope.yaml"
    assert refused(load_mapping, missing).startswith(f"{missing}: cannot read mapping file: No ")
    locked = tmp_path / "locked.yaml"
    locked.write_text("columns: {}\n")
    unreadable.add(locked)
    assert refused(load_mapping, locked) == f"{locked}: cannot read mapping file: Permission denied"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("columns: " + "[" * 5000, "not valid YAML: nested too deeply"),
        ('defaults: {source: "a\\ud800"}', "'a\\ud800' holds NUL or an unpaired"),
        ('values: {type: {"x\\0": y}}', "'x\\x00' holds NUL or an unpaired"),
        ('columns: {lead_id: "\\udc00"}', "'\\udc00' holds NUL or an unpaired"),
    ],
)
def test_mapping_yaml_python_cannot_hold(tmp_path: Path, text: str, expected: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text)
    assert refused(load_mapping, mapping).startswith(f"{mapping}: {expected}")


def _call(kind: object, message_id: str) -> str:
    call = {"type": kind, "messageId": message_id, "userId": "U1", "event": "X"}
    return json.dumps({**call, "timestamp": "2026-01-01T00:00:00Z"})


@pytest.mark.parametrize("kind", [["track"], {"a": 1}, 7])
def test_segment_type_that_is_not_text(tmp_path: Path, kind: object) -> None:
    path = tmp_path / "calls.jsonl"
    path.write_text(_call("track", "m1") + "\n" + _call(kind, "m2") + "\n")
    message = refused(read_events, path)
    assert message.startswith(f"{path}: row 2 (line 2): type: expected a Segment call type")
    first_only = tmp_path / "odd.jsonl"  # not sniffed as Segment: read as plain JSON Lines
    first_only.write_text(_call(kind, "m1") + "\n")
    assert "event_id: required value is missing" in refused(read_events, first_only)


def test_segment_nan_properties_and_traits(tmp_path: Path) -> None:
    calls = [
        '{"type": "track", "messageId": "m1", "userId": "U1", "event": "Demo Requested",'
        ' "timestamp": "2026-01-01T00:00:00Z", "properties": {"a": NaN, "b": [Infinity]}}',
        '{"type": "identify", "messageId": "m2", "userId": "U1",'
        ' "traits": {"score": NaN, "plan": "pro", "employees": 1e30}}',
    ]
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join(calls[:1]) + "\n")
    assert read_events(path)[0].properties == {"a": None, "b": [None]}
    path.write_text("\n".join(calls) + "\n")
    message = refused(read_leads, path)
    assert message.startswith(f"{path}: row 2 (line 2): traits.employees: expected a whole number")
