"""Segment-style JSON lines: track/page/screen calls become events, identify calls leads.

Calls are deduplicated on `messageId` (Segment retries deliver a call twice). Track event
names become snake_case types ("Demo Requested" -> "demo_requested") unless the mapping's
`values.type` table renames them; page and screen calls become `page_view` / `screen_view`.
Several identify calls for one user merge their traits oldest first, as Segment profiles do.
Only `properties` and `traits` are read; `context` (device, campaign, page) is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from leadscore.domain.event import Event
from leadscore.domain.lead import STANDARD_FIELDS, Lead
from leadscore.domain.timeutil import EPOCH
from leadscore.ingest.errors import IngestError
from leadscore.ingest.events import event_from_row
from leadscore.ingest.formats import SEGMENT_CALLS, is_segment_type
from leadscore.ingest.jsonlines import iter_json
from leadscore.ingest.leads import lead_from_row
from leadscore.ingest.mapping import Mapping
from leadscore.ingest.segment_traits import lead_values, snake_case
from leadscore.ingest.stats import IngestStats
from leadscore.ingest.values import (
    FieldError,
    is_blank,
    iso_timestamp,
    json_object,
    shown,
    text,
    timestamp_parser,
)

_VIEWS = {"page": "page_view", "screen": "screen_view"}
_TIME_KEYS = ("timestamp", "originalTimestamp", "sentAt", "receivedAt")
_EVENT_KEYS = {"event_id": "messageId", "lead_id": "userId"}


def segment_events(path: Path, mapping: Mapping | None, stats: IngestStats) -> Iterator[Event]:
    table = mapping.values.get("type", {}) if mapping else {}
    parse_time = timestamp_parser(mapping.timestamp_format if mapping else None)
    for row, line, call in _calls(path, mapping, stats):
        if call["type"] != "track" and call["type"] not in _VIEWS:
            stats.skipped += 1
            continue
        time_key = _time_key(call)
        try:
            values = _event_values(call, table, time_key)
            event = event_from_row(mapping.apply(values) if mapping else values, parse_time)
        except FieldError as exc:
            field = {"occurred_at": time_key, **_EVENT_KEYS}.get(exc.field, exc.field)
            raise IngestError(path, exc.message, row=row, line=line, field=field) from None
        yield event


def event_of_call(call: dict[str, Any]) -> Event:
    """One track/page/screen call (e.g. an API request body) as an Event; a FieldError
    names the Segment field (`messageId`, `userId`, `timestamp`, `event`, ...)."""
    time_key = _time_key(call)
    try:
        return event_from_row(_event_values(call, {}, time_key), iso_timestamp)
    except FieldError as exc:
        field = {"occurred_at": time_key, **_EVENT_KEYS}.get(exc.field, exc.field)
        raise FieldError(field, exc.message) from None


def lead_of_call(call: dict[str, Any]) -> Lead:
    """One identify call as a Lead (unidentified when it names only an anonymousId)."""
    try:
        values, known = lead_values(call)
        lead = lead_from_row(values, iso_timestamp)
    except FieldError as exc:
        field = "userId" if exc.field == "lead_id" else exc.field
        field = f"traits.{field}" if field in STANDARD_FIELDS else field
        raise FieldError(field, exc.message) from None
    return replace(lead, identified=known)


def segment_leads(path: Path, mapping: Mapping | None, stats: IngestStats) -> list[Lead]:
    """One lead per userId (or anonymousId, then `identified=False`), in order of first call."""
    parse_time = timestamp_parser(mapping.timestamp_format if mapping else None)
    profiles: dict[str, list[tuple[datetime, int, dict[str, Any]]]] = {}
    identified: set[str] = set()
    for row, line, call in _calls(path, mapping, stats):
        if call["type"] != "identify":
            stats.skipped += 1
            continue
        time_key = _time_key(call)
        try:
            values, known = lead_values(call)
            if mapping:
                mapping.translate(values)
            lead_id = lead_from_row(values, parse_time).lead_id  # refuse bad traits at their row
            raw_time = call.get(time_key)
            when = EPOCH if is_blank(raw_time) else _at(time_key, raw_time, parse_time)
        except FieldError as exc:
            field = "userId" if exc.field == "lead_id" else exc.field
            field = f"traits.{field}" if field in STANDARD_FIELDS else field
            raise IngestError(path, exc.message, row=row, line=line, field=field) from None
        profiles.setdefault(lead_id, []).append((when, row, values))
        if known:
            identified.add(lead_id)
    return [
        _merge(path, lead_id, calls, mapping, parse_time, identified)
        for lead_id, calls in profiles.items()
    ]


def _calls(
    path: Path, mapping: Mapping | None, stats: IngestStats
) -> Iterator[tuple[int, int | None, dict[str, Any]]]:
    if mapping and mapping.columns:
        message = "does not apply to Segment files (values, defaults and timestamp_format do)"
        raise IngestError(mapping.path, message, field="columns")
    seen: set[str] = set()
    for row, line, call in iter_json(path):
        stats.rows += 1
        if not is_segment_type(call.get("type")):
            expected = ", ".join(sorted(SEGMENT_CALLS))
            message = f"expected a Segment call type ({expected}), got {shown(call.get('type'))}"
            raise IngestError(path, message, row=row, line=line, field="type")
        message_id = text(call.get("messageId"))
        if message_id is None:
            raise IngestError(
                path, "required value is missing", row=row, line=line, field="messageId"
            )
        if message_id in seen:
            stats.duplicates += 1
            continue
        seen.add(message_id)
        yield row, line, call


def _time_key(call: dict[str, Any]) -> str:
    return next((key for key in _TIME_KEYS if not is_blank(call.get(key))), "timestamp")


def _at(key: str, value: Any, parse_time: Any) -> datetime:
    try:
        return parse_time(value)
    except ValueError as exc:
        raise FieldError(key, str(exc)) from None


def _event_values(call: dict[str, Any], table: dict[str, str], time_key: str) -> dict[str, Any]:
    try:
        properties = json_object(call.get("properties"))
    except ValueError as exc:
        raise FieldError("properties", str(exc)) from None
    if call["type"] == "track":
        name = text(call.get("event"))
        if name is None:
            raise FieldError("event", "required value is missing")
        kind = name if name in table else snake_case(name)
    else:
        kind = _VIEWS[call["type"]]
        if not is_blank(call.get("name")):
            properties.setdefault("name", call["name"])
    lead_id = call.get("userId") if not is_blank(call.get("userId")) else call.get("anonymousId")
    if is_blank(lead_id):
        raise FieldError("userId", "expected a userId or an anonymousId")
    return {
        "event_id": call["messageId"],
        "lead_id": lead_id,
        "type": kind,
        "occurred_at": call.get(time_key),
        "properties": properties,
    }


def _merge(
    path: Path,
    lead_id: str,
    calls: list[tuple[datetime, int, dict[str, Any]]],
    mapping: Mapping | None,
    parse_time: Any,
    identified: set[str],
) -> Lead:
    merged: dict[str, Any] = {}
    for _, _, values in sorted(calls, key=lambda call: call[:2]):
        merged.update(values)
    if mapping:
        mapping.fill(merged)
    try:
        lead = lead_from_row(merged, parse_time)
    except FieldError as exc:
        raise IngestError(
            path, f"{exc.message} (lead {lead_id!r}, after defaults)", field=exc.field
        ) from None
    return replace(lead, identified=lead_id in identified)
