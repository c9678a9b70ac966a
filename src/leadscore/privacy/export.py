"""Everything held on one lead, as JSON-ready data (GDPR access / portability)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from enum import Enum
from typing import Any

from leadscore.domain.audit import AuditEntry
from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import StoredScore
from leadscore.domain.webhook import Delivery


def exported(
    *,
    lead: Lead,
    events: list[Event],
    score: StoredScore | None,
    score_history: list[dict[str, Any]],
    decisions: list[SalesDecision],
    objection: dict[str, Any] | None,
    deliveries: list[Delivery],
    audit: list[AuditEntry],
) -> dict[str, Any]:
    return _plain(
        {
            "lead": {f.name: getattr(lead, f.name) for f in fields(lead)},
            "events": [asdict(event) for event in events],
            "score": None if score is None else asdict(score),
            "score_history": score_history,
            "decisions": [asdict(decision) for decision in decisions],
            "objection": objection,
            "webhook_deliveries": [_delivery(item) for item in deliveries],
            "audit": [asdict(entry) for entry in audit],
        }
    )


def _delivery(item: Delivery) -> dict[str, Any]:
    """What was sent (or is queued) about the lead, without the receiver's secret."""
    keep = ("subscription_id", "message_id", "kind", "payload", "created_at", "state")
    return {name: getattr(item, name) for name in keep}


def _plain(value: Any) -> Any:
    """Datetimes as ISO 8601, enums as their values, tuples as lists."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
