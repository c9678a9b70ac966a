"""Small builders for hand-written engine examples: models from dicts, events on a clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from leadscore.domain import Event
from leadscore.spec import ScoringModel

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
LEAD_ID = "lead-1"
_ids = count()


def day(n: float) -> datetime:
    """`n` days after T0 (fractions allowed)."""
    return T0 + timedelta(days=n)


def model(**document: Any) -> ScoringModel:
    """A scoring model from keyword parts, named for you."""
    return ScoringModel.model_validate({"name": "example", **document})


def event(kind: str, at: datetime = T0, event_id: str | None = None, **properties: Any) -> Event:
    return Event(event_id or f"ev-{next(_ids)}", LEAD_ID, kind, at, properties)
