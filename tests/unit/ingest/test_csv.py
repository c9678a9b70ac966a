"""CSV leads and events: types, custom columns, and errors that point at row, line and field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadscore.ingest import IngestError, IngestStats, iter_event_batches, read_events, read_leads

LEADS_HEADER = (
    "lead_id,email,first_name,last_name,title,company,domain,industry,employees,"
    "annual_revenue,country,source,created_at,do_not_email,do_not_call,plan,score_hint\n"
)
EVENTS_HEADER = "event_id,lead_id,type,occurred_at,properties\n"


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_leads_round_trip(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "leads.csv",
        LEADS_HEADER
        + "L1, Ann@Example.com ,Ann,Lee,VP Sales,Acme,acme.com,software,250.0,1.5e6,DE,web,"
        "2026-01-02T09:30:00Z,yes,0, pro ,\n"
        "L2,,,,,,,,,,,,,,,,\n",
        bom=True,
    )
    first, second = read_leads(path)
    assert first.lead_id == "L1" and first.email == "ann@example.com"
    assert (first.employees, first.annual_revenue) == (250, 1_500_000.0)
    assert first.created_at == datetime(2026, 1, 2, 9, 30, tzinfo=UTC)
    assert (first.do_not_email, first.do_not_call) == (True, False)
    assert first.attributes == {"plan": "pro"}
    assert second.lead_id == "L2" and second.email is None and second.employees is None
    assert second.do_not_email is False and second.attributes == {}


def test_only_lead_id_required_and_trailing_empty_header_column(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "lead_id,Lead Origin,\nL1,API,\nL2,Form,\n")
    leads = read_leads(path)
    assert [lead.attributes for lead in leads] == [{"Lead Origin": "API"}, {"Lead Origin": "Form"}]


def test_bad_employees_names_row_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "lead_id,employees\nL1,10\nL2,abc\n")
    with pytest.raises(IngestError) as caught:
        read_leads(path)
    error = caught.value
    assert (error.row, error.line, error.field) == (2, 3, "employees")
    assert str(error).endswith(
        "leads.csv: row 2 (line 3): employees: expected a whole number, got 'abc'"
    )


def test_bad_email_and_boolean(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"row 1 \(line 2\): email: expected an email"):
        read_leads(write(tmp_path, "a.csv", "lead_id,email\nL1,not-an-email\n"))
    with pytest.raises(IngestError, match="do_not_call: expected true/false"):
        read_leads(write(tmp_path, "b.csv", "lead_id,do_not_call\nL1,maybe\n"))


def test_missing_lead_id_value_and_column(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"row 2 \(line 3\): lead_id: required value is missing"):
        read_leads(write(tmp_path, "a.csv", "lead_id,email\nL1,\n ,b@x.io\n"))
    with pytest.raises(IngestError, match="lead_id: missing required column"):
        read_leads(write(tmp_path, "b.csv", "id,email\nL1,a@x.io\n"))


def test_duplicate_lead_id_names_both_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "lead_id\nL1\nL2\nL1\n")
    with pytest.raises(IngestError) as caught:
        read_leads(path)
    assert "row 3 (line 4): lead_id: lead_id 'L1' already appears in row 1 (line 2)" in str(
        caught.value
    )


def test_events_round_trip_extra_columns_join_properties(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "event_id,lead_id,type,occurred_at,properties,url\n"
        'e1,L1,page_view,2026-01-02T10:00:00+01:00,"{""ref"": ""ad""}",/pricing\n'
        "e2,L1,email_open,2026-01-03,,\n",
    )
    first, second = read_events(path)
    assert first.occurred_at == datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
    assert first.properties == {"ref": "ad", "url": "/pricing"}
    assert second.properties == {}


def test_bad_timestamp_names_row_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        EVENTS_HEADER + "e1,L1,x,2026-01-01,\ne2,L1,x,2026-01-01,\ne3,L1,x,2026-13-45,\n",
    )
    with pytest.raises(IngestError) as caught:
        read_events(path)
    expected = "events.csv: row 3 (line 4): occurred_at: not an ISO 8601 timestamp: '2026-13-45'"
    assert str(caught.value).endswith(expected)


def test_line_follows_quoted_newlines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        EVENTS_HEADER + 'e1,L1,x,2026-01-01,"{\n""a"": 1\n}"\ne2,L1,x,,\n',
    )
    with pytest.raises(IngestError, match=r"row 2 \(line 5\): occurred_at: required value"):
        read_events(path)


def test_missing_required_column_before_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "event_id,lead_id,type\ne1,L1,x\n")
    with pytest.raises(IngestError) as caught:
        read_events(path)
    assert caught.value.field == "occurred_at" and caught.value.row is None
    assert "events.csv: occurred_at: missing required column" in str(caught.value)


def test_invalid_json_properties(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", EVENTS_HEADER + "e1,L1,x,2026-01-01,{oops\n")
    with pytest.raises(IngestError, match=r"row 1 \(line 2\): properties: invalid JSON"):
        read_events(path)


def test_duplicate_event_ids_kept_once_and_counted(tmp_path: Path) -> None:
    rows = "e1,L1,x,2026-01-01,\ne2,L1,x,2026-01-02,\ne1,L1,y,2026-01-03,\n"
    path = write(tmp_path, "events.csv", EVENTS_HEADER + rows)
    stats = IngestStats()
    events = read_events(path, stats=stats)
    assert [(e.event_id, e.type) for e in events] == [("e1", "x"), ("e2", "x")]
    assert (stats.rows, stats.duplicates) == (3, 1)


def test_batches_split_and_agree_with_read(tmp_path: Path) -> None:
    rows = "".join(f"e{i},L1,x,2026-01-01,\n" for i in range(7))
    path = write(tmp_path, "events.csv", EVENTS_HEADER + rows)
    batches = list(iter_event_batches(path, batch_size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [e for b in batches for e in b] == read_events(path)


def test_row_width_mismatch_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"row 1 \(line 2\): expected 5 values"):
        read_events(write(tmp_path, "a.csv", EVENTS_HEADER + "e1,L1,x\n"))
    path = tmp_path / "latin.csv"
    path.write_bytes(b"lead_id,company\nL1,Caf\xe9\n")
    with pytest.raises(
        IngestError, match=r"latin.csv: line 2: not UTF-8 text \(byte 0xe9 at column 7\)"
    ):
        read_leads(path)


def test_conflicting_column_and_property(tmp_path: Path) -> None:
    text = (
        "event_id,lead_id,type,occurred_at,properties,url\n"
        'e1,L1,x,2026-01-01,"{""url"": ""/a""}",/b\n'
    )
    with pytest.raises(IngestError, match="url: '/b' disagrees"):
        read_events(write(tmp_path, "a.csv", text))
