"""Single records as an API receives them: one JSON object -> an Event or a Lead.

The same checks as files (events.py, leads.py, segment.py), without file, row or line: a
FieldError names the field, the caller adds where the record sat in the request. An object
carrying a Segment `messageId` with a call `type` is read as a Segment call.
"""

from __future__ import annotations

from typing import Any

from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.ingest.events import event_from_row
from leadscore.ingest.formats import SEGMENT_CALLS
from leadscore.ingest.leads import lead_from_row
from leadscore.ingest.segment import event_of_call, lead_of_call
from leadscore.ingest.values import FieldError, iso_timestamp, shown

#: Segment calls that become events; `identify` becomes a lead.
EVENT_CALLS = frozenset({"track", "page", "screen"})


def is_segment_call(values: dict[str, Any]) -> bool:
    kind = values.get("type")
    return "messageId" in values and isinstance(kind, str) and kind in SEGMENT_CALLS


def record_item(values: Any) -> Event | Lead | None:
    """An event, a lead (Segment identify) or None (a Segment call we do not keep: group,
    alias); raises FieldError for anything else."""
    if not isinstance(values, dict):
        raise FieldError("", f"expected a JSON object, got {shown(values)}")
    if is_segment_call(values):
        if values["type"] == "identify":
            return lead_of_call(values)
        return event_of_call(values) if values["type"] in EVENT_CALLS else None
    return event_from_row(values, iso_timestamp)


def lead_record(values: Any) -> Lead:
    """A lead: `lead_id` and any standard or custom fields (an `attributes` object merges)."""
    if not isinstance(values, dict):
        raise FieldError("", f"expected a JSON object, got {shown(values)}")
    if is_segment_call(values) and values["type"] == "identify":
        return lead_of_call(values)
    return lead_from_row(values, iso_timestamp)
