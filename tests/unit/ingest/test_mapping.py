"""Mapping files turn other layouts into ours: rename, translate values, default, parse dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadscore.ingest import IngestError, load_mapping, read_events, read_leads

MAPPING = """\
columns:
  lead_id: Prospect ID
  event_id: Activity ID
  type: Activity
  occurred_at: Activity Date
values:
  type:
    Page Visited on Website: page_view
    Email Opened: email_open
defaults:
  type: other
timestamp_format: "%d-%m-%Y %H:%M"
"""
CSV = """\
Activity ID,Prospect ID,Activity,Activity Date,Page
a1,P1,Page Visited on Website,03-02-2026 10:30,/pricing
a2,P1,Email Opened,04-02-2026 08:00,
a3,P2,,05-02-2026 09:15,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rename_translate_default_and_timestamp_format(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", MAPPING)
    events = read_events(write(tmp_path, "activity.csv", CSV), mapping=mapping)
    assert [(e.event_id, e.lead_id, e.type) for e in events] == [
        ("a1", "P1", "page_view"),
        ("a2", "P1", "email_open"),
        ("a3", "P2", "other"),
    ]
    assert events[0].occurred_at == datetime(2026, 2, 3, 10, 30, tzinfo=UTC)
    assert events[0].properties == {"Page": "/pricing"}


def test_same_mapping_for_jsonl_and_loaded_object(tmp_path: Path) -> None:
    rows = [
        {"Activity ID": "a1", "Prospect ID": "P1", "Activity": "Email Opened"},
        {"Activity ID": "a2", "Prospect ID": "P1", "Activity Date": "04-02-2026 08:00"},
    ]
    rows[0]["Activity Date"] = "03-02-2026 10:30"
    path = write(tmp_path, "a.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    events = read_events(path, mapping=load_mapping(write(tmp_path, "map.yaml", MAPPING)))
    assert [e.type for e in events] == ["email_open", "other"]


def test_leads_mapping_with_yaml_words_kept_as_text(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "leads.yaml",
        "columns: {lead_id: Prospect ID, do_not_email: Do Not Email}\n"
        "values: {do_not_email: {Yes: 'true', No: 'false'}}\n",
    )
    path = write(
        tmp_path, "leads.csv", "Prospect ID,Do Not Email,Lead Source\nP1,Yes,Google\nP2,No,\n"
    )
    leads = read_leads(path, mapping=mapping)
    assert [(lead.lead_id, lead.do_not_email) for lead in leads] == [("P1", True), ("P2", False)]
    assert leads[0].attributes == {"Lead Source": "Google"}


def test_unknown_top_level_key(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", "colums:\n  lead_id: Id\n")
    with pytest.raises(IngestError) as caught:
        load_mapping(mapping)
    assert caught.value.field == "colums"
    assert "map.yaml: colums: unknown key (expected one of: columns," in str(caught.value)


def test_mapped_column_missing_from_file(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", MAPPING)
    path = write(
        tmp_path, "a.csv", "Activity ID,Lead,Activity,Activity Date\na1,P1,x,03-02-2026 10:30\n"
    )
    with pytest.raises(
        IngestError, match=re.escape("a.csv: lead_id: mapped column 'Prospect ID' not found")
    ):
        read_events(path, mapping=mapping)
    rows = '{"Activity ID": "a1", "Lead": "P1", "Activity Date": "03-02-2026 10:30"}\n'
    with pytest.raises(IngestError, match="lead_id: required value is missing"):
        read_events(write(tmp_path, "a.jsonl", rows), mapping=mapping)


def test_clash_bad_yaml_and_bad_timestamp(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", "columns: {lead_id: Id}\n")
    with pytest.raises(IngestError, match="lead_id: the file has a 'lead_id' column and also maps"):
        read_leads(write(tmp_path, "a.csv", "Id,lead_id\n1,2\n"), mapping=mapping)
    broken = write(tmp_path, "broken.yaml", "columns: [a\n")
    with pytest.raises(IngestError, match=re.escape("broken.yaml: line 2: not valid YAML")):
        load_mapping(broken)
    with pytest.raises(IngestError, match=re.escape("columns.lead_id: expected a single")):
        load_mapping(write(tmp_path, "nested.yaml", "columns: {lead_id: {a: b}}\n"))
    text = CSV.replace("03-02-2026 10:30", "2026-02-03")
    with pytest.raises(
        IngestError, match=r"row 1 \(line 2\): occurred_at: expected a timestamp like"
    ):
        read_events(write(tmp_path, "a.csv", text), mapping=write(tmp_path, "m.yaml", MAPPING))


def test_mapped_column_absent_from_every_json_row(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", "columns: {lead_id: Id, email: Email Address}\n")
    path = write(tmp_path, "leads.jsonl", '{"Id": "P1"}\n{"Id": "P2"}\n')
    with pytest.raises(
        IngestError, match="email: mapped column 'Email Address' not found in any row"
    ):
        read_leads(path, mapping=mapping)
