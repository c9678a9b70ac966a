"""Something a lead did, at a time, with free-form properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    lead_id: str
    type: str
    occurred_at: datetime
    properties: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[Event], tuple[str, str, str, datetime, dict[str, Any]]]:
        """Pickled as its fields: about twice as fast as a slotted dataclass's default, and
        the API's ingest writer process receives every ingested event this way."""
        return (Event, (self.event_id, self.lead_id, self.type, self.occurred_at, self.properties))

    def sort_key(self) -> tuple[datetime, str]:
        """Time first, id second: a total order that does not depend on arrival."""
        return (self.occurred_at, self.event_id)
