"""The events that count for one lead as of a time: deduplicated, in time order, not after T."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from leadscore.domain.event import Event
from leadscore.domain.timeutil import epoch_seconds, utc

SECONDS_PER_DAY = 86_400.0


def _canonical(event: Event) -> tuple[datetime, str, str]:
    return (utc(event.occurred_at), event.type, repr(sorted(event.properties.items())))


def known_events(events: Iterable[Event], as_of: datetime) -> list[Event]:
    """One copy per `event_id`, none after `as_of`, in time order.

    Copies of an id normally agree; when they do not, the canonical (earliest) one is kept,
    so the result never depends on the order events arrived in.
    """
    cutoff = utc(as_of)
    unique: dict[str, Event] = {}
    for event in events:
        kept = unique.get(event.event_id)
        if kept is None or _canonical(event) < _canonical(kept):
            unique[event.event_id] = event
    current = (_in_utc(event) for event in unique.values() if utc(event.occurred_at) <= cutoff)
    return sorted(current, key=Event.sort_key)


def _in_utc(event: Event) -> Event:
    """Naive times are UTC (see timeutil); made aware so later comparisons cannot fail."""
    if event.occurred_at.tzinfo is UTC:
        return event
    return replace(event, occurred_at=utc(event.occurred_at))


def age_days(as_of: datetime, occurred_at: datetime) -> float:
    return (epoch_seconds(as_of) - epoch_seconds(occurred_at)) / SECONDS_PER_DAY
