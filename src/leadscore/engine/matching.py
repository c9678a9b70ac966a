"""Which events a rule or a signal counts."""

from __future__ import annotations

from leadscore.domain.event import Event
from leadscore.engine.tests import passes
from leadscore.spec.model import EventFilter


def matches(event_filter: EventFilter, event: Event) -> bool:
    if event.type not in event_filter.event_types:
        return False
    return all(passes(test, event.properties.get(key)) for key, test in event_filter.property_tests)
