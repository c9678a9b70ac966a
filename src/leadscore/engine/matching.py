"""Which events a rule or a signal counts."""

from __future__ import annotations

from leadscore.domain.event import Event
from leadscore.engine.tests import passes
from leadscore.spec.model import EventFilter


def matches(event_filter: EventFilter, event: Event) -> bool:
    return event.type in event_filter.event_types and properties_match(event_filter, event)


def properties_match(event_filter: EventFilter, event: Event) -> bool:
    """The `where` tests alone, for callers that already selected events by type."""
    properties = event.properties
    return all(passes(test, properties.get(key)) for key, test in event_filter.property_tests)
