"""A scoring model indexed for speed: each event matched once per lead.

Scoring a lead asks "which rules and signals does this event count for?" three times
(engagement, signals, lifecycle replay). Indexing rules and signals by event type answers
it once per event, with the same tests as `matching.matches`; and the answer is
remembered per event type and the typed values of the properties those tests read, since
real-time scoring matches a lead's whole history again on each of its new events.
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


NO_MATCH = EventMatch((), ())
#: Remembered answers per model, at most; then forgotten all at once.
_MOST = 50_000


class CompiledModel:
    def __init__(self, spec: ScoringModel) -> None:
        self.spec = spec
        self._rules = _index(spec.engagement.rules)
        self._signals = _index(spec.signals)
        self._read = {
            event_type: _keys_read(
                self._rules.get(event_type, []), self._signals.get(event_type, [])
            )
            for event_type in set(self._rules) | set(self._signals)
        }
        self._known: dict[tuple[object, ...], EventMatch] = {}

    def match(self, event: Event) -> EventMatch:
        """What `event` counts for; the same for events of its type whose tested
        properties hold the same values of the same types (1 and True test differently)."""
        keys = self._read.get(event.type)
        if keys is None:
            return NO_MATCH
        properties = event.properties
        key = (event.type, *((type(value), value) for value in map(properties.get, keys)))
        try:
            found = self._known.get(key)
        except TypeError:  # an unhashable property value (a list): matched afresh
            return self.match_fresh(event)
        if found is None:
            if len(self._known) >= _MOST:
                self._known.clear()
            found = self._known[key] = self.match_fresh(event)
        return found

    def match_fresh(self, event: Event) -> EventMatch:
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


def _keys_read(*indexed: list[tuple[int, EventFilter]]) -> tuple[str, ...]:
    """The property keys the filters test, in a fixed order."""
    return tuple(
        sorted({key for found in indexed for _, item in found for key, _ in item.property_tests})
    )


_CACHE: dict[int, CompiledModel] = {}


def compiled(spec: ScoringModel) -> CompiledModel:
    """Compile once per model object (models are immutable)."""
    found = _CACHE.get(id(spec))
    if found is None or found.spec is not spec:
        if len(_CACHE) > 32:
            _CACHE.clear()
        found = _CACHE[id(spec)] = CompiledModel(spec)
    return found
