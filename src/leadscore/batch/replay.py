"""Stages score_many leaves open (histories too long for its sums), from the real-time
engine, in chunks of leads so memory holds one chunk's events at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import ibis.expr.types as ir

from leadscore.batch.arrow import to_arrow
from leadscore.domain.event import Event
from leadscore.domain.timeutil import parse_timestamp
from leadscore.engine.score_one import score_one
from leadscore.ingest.events import event_from_row
from leadscore.ingest.leads import lead_from_row
from leadscore.spec.model import ScoringModel

CHUNK = 20_000


def replayed_stages(
    spec: ScoringModel,
    lead_ids: list[str],
    leads: ir.Table,
    events: ir.Table | None,
    as_of: datetime,
) -> Iterator[tuple[str, str]]:
    """(lead_id, stage) for each of `lead_ids`."""
    for start in range(0, len(lead_ids), CHUNK):
        chunk = lead_ids[start : start + CHUNK]
        rows = to_arrow(leads.filter(leads.lead_id.isin(chunk))).to_pylist()
        history = _events_of(events, chunk)
        for row in rows:
            lead = lead_from_row(_plain(row), parse_timestamp)
            card = score_one(spec, lead, history.get(lead.lead_id, ()), as_of)
            yield lead.lead_id, card.stage.value


def _events_of(events: ir.Table | None, chunk: list[str]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = defaultdict(list)
    if events is None:
        return grouped
    for row in to_arrow(events.filter(events.lead_id.isin(chunk))).to_pylist():
        event = event_from_row(_plain(row), parse_timestamp)
        grouped[event.lead_id].append(event)
    return grouped


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if value is not None}
