"""Segment track/identify JSON lines: events from track calls, leads from identify calls."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadscore.ingest import IngestError, IngestStats, read_events, read_leads, snake_case


def write(tmp_path: Path, calls: list[dict[str, object]], name: str = "calls.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(call) + "\n" for call in calls), encoding="utf-8")
    return path


TRACK = {
    "type": "track",
    "messageId": "m1",
    "userId": "U1",
    "event": "Demo Requested",
    "timestamp": "2026-03-01T12:00:00.000Z",
    "properties": {"plan": "pro"},
}
IDENTIFY = {
    "type": "identify",
    "messageId": "m2",
    "userId": "U1",
    "timestamp": "2026-03-01T11:00:00Z",
    "traits": {
        "email": "Ann@Acme.io",
        "firstName": "Ann",
        "lastName": "Lee",
        "title": "Head of Sales",
        "company": {"name": "Acme", "industry": "software", "employee_count": 250, "plan": "x"},
        "createdAt": "2026-01-01T00:00:00Z",
        "favouriteColour": "teal",
    },
}


def test_snake_case() -> None:
    assert snake_case("Demo Requested") == "demo_requested"
    assert snake_case("demoRequested") == "demo_requested"
    assert snake_case(" Pricing-Page viewed ") == "pricing_page_viewed"


def test_track_calls_become_events_deduplicated_on_message_id(tmp_path: Path) -> None:
    anonymous = {**TRACK, "messageId": "m3", "userId": None, "anonymousId": "A9"}
    anonymous |= {"timestamp": None, "sentAt": "2026-03-02T00:00:00Z"}
    path = write(tmp_path, [TRACK, IDENTIFY, TRACK, anonymous])
    stats = IngestStats()
    first, second = read_events(path, stats=stats)
    assert first.event_id == "m1" and first.lead_id == "U1" and first.type == "demo_requested"
    assert first.occurred_at == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert first.properties == {"plan": "pro"}
    assert second.lead_id == "A9" and second.occurred_at == datetime(2026, 3, 2, tzinfo=UTC)
    assert (stats.rows, stats.duplicates, stats.skipped) == (4, 1, 1)


def test_page_calls_become_page_views(tmp_path: Path) -> None:
    page = {"type": "page", "messageId": "p1", "userId": "U1", "name": "Pricing"}
    page |= {"timestamp": "2026-03-01T00:00:00Z", "properties": {"url": "https://x.io/pricing"}}
    (event,) = read_events(write(tmp_path, [page]))
    assert event.type == "page_view"
    assert event.properties == {"url": "https://x.io/pricing", "name": "Pricing"}


def test_identify_calls_become_leads(tmp_path: Path) -> None:
    path = write(tmp_path, [TRACK, IDENTIFY])
    (lead,) = read_leads(path)
    assert lead.lead_id == "U1" and lead.email == "ann@acme.io"
    assert (lead.first_name, lead.last_name, lead.title) == ("Ann", "Lee", "Head of Sales")
    assert (lead.company, lead.industry, lead.employees) == ("Acme", "software", 250)
    assert lead.created_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert lead.attributes == {"favouriteColour": "teal", "company_plan": "x"}
    assert lead.identified is True


def test_identify_calls_merge_oldest_first(tmp_path: Path) -> None:
    later = {"type": "identify", "messageId": "m9", "userId": "U1"}
    later |= {"timestamp": "2026-04-01T00:00:00Z", "traits": {"title": "VP Sales"}}
    anonymous = {"type": "identify", "messageId": "m8", "anonymousId": "A1", "traits": {}}
    (lead, anon) = read_leads(write(tmp_path, [later, IDENTIFY, anonymous]))
    assert lead.title == "VP Sales" and lead.email == "ann@acme.io"
    assert anon.lead_id == "A1" and anon.identified is False


def test_segment_errors_name_row_and_segment_field(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"row 1 \(line 1\): timestamp: not an ISO 8601"):
        read_events(write(tmp_path, [{**TRACK, "timestamp": "yesterday"}]))
    with pytest.raises(IngestError, match=r"row 2 \(line 2\): messageId: required value"):
        read_events(write(tmp_path, [TRACK, {**TRACK, "messageId": ""}]))
    bad_traits = {**IDENTIFY, "traits": {"employees": "lots"}}
    with pytest.raises(IngestError, match=re.escape("traits.employees: expected a whole number")):
        read_leads(write(tmp_path, [bad_traits]))
    with pytest.raises(IngestError, match="type: expected a Segment call type"):
        read_events(write(tmp_path, [TRACK, {"type": "boom", "messageId": "z"}]), format="segment")


def test_mapping_renames_segment_events(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  type:\n    Demo Requested: demo_request\n")
    other = {**TRACK, "messageId": "m5", "event": "Signed Up"}
    events = read_events(write(tmp_path, [TRACK, other]), mapping=mapping)
    assert [e.type for e in events] == ["demo_request", "signed_up"]
    mapping.write_text("columns:\n  lead_id: user\n")
    with pytest.raises(
        IngestError, match=re.escape("map.yaml: columns: does not apply to Segment")
    ):
        read_events(write(tmp_path, [TRACK]), mapping=mapping)
