"""A scoring model indexed for speed: each event matched once per lead.

Scoring a lead asks "which rules and signals does this event count for?" three times
(engagement, signals, lifecycle replay). Indexing rules and signals by event type answers
it once per event, with the same tests as `matching.matches`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadscore.domain.event import Event
from leadscore.engine.matching import properties_match
from leadscore.spec.model import EventFilter, ScoringModel


@dataclass(frozen=True, slots=True)
class EventMatch:
    """The engagement rules and signals (by index in the model) one event counts for."""

    rules: tuple[int, ...]
    signals: tuple[int, ...]


class CompiledModel:
    def __init__(self, spec: ScoringModel) -> None:
        self.spec = spec
        self._rules = _index(spec.engagement.rules)
        self._signals = _index(spec.signals)

    def match(self, event: Event) -> EventMatch:
        return EventMatch(
            tuple(i for i, f in self._rules.get(event.type, ()) if properties_match(f, event)),
            tuple(i for i, f in self._signals.get(event.type, ()) if properties_match(f, event)),
        )

    def match_all(self, events: Sequence[Event]) -> list[EventMatch]:
        return [self.match(event) for event in events]


def _index(filters: Sequence[EventFilter]) -> dict[str, list[tuple[int, EventFilter]]]:
    by_type: dict[str, list[tuple[int, EventFilter]]] = {}
    for index, event_filter in enumerate(filters):
        for event_type in event_filter.event_types:
            by_type.setdefault(event_type, []).append((index, event_filter))
    return by_type


_CACHE: dict[int, CompiledModel] = {}


def compiled(spec: ScoringModel) -> CompiledModel:
    """Compile once per model object (models are immutable)."""
    found = _CACHE.get(id(spec))
    if found is None or found.spec is not spec:
        if len(_CACHE) > 32:
            _CACHE.clear()
        found = _CACHE[id(spec)] = CompiledModel(spec)
    return found
