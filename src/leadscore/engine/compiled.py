"""A scoring model compiled for speed: predicates built once, events matched once.

Scoring a lead asks "which rules and signals does this event count for?" three times
(engagement, signals, lifecycle replay). Compiling turns each test into a closure and
indexes rules by event type, so each event is matched once per lead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from leadscore.domain.event import Event
from leadscore.engine.tests import passes
from leadscore.spec.model import EventFilter, ScoringModel, Test

Predicate = Callable[[object], bool]


def predicate(test: Test) -> Predicate:
    def check(value: object) -> bool:
        return passes(test, value)

    return check


@dataclass(frozen=True, slots=True)
class CompiledFilter:
    tests: tuple[tuple[str, Predicate], ...]

    def accepts(self, event: Event) -> bool:
        properties = event.properties
        return all(check(properties.get(key)) for key, check in self.tests)


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
            tuple(i for i, f in self._rules.get(event.type, ()) if f.accepts(event)),
            tuple(i for i, f in self._signals.get(event.type, ()) if f.accepts(event)),
        )

    def match_all(self, events: Sequence[Event]) -> list[EventMatch]:
        return [self.match(event) for event in events]


def _index(filters: Sequence[EventFilter]) -> dict[str, list[tuple[int, CompiledFilter]]]:
    by_type: dict[str, list[tuple[int, CompiledFilter]]] = {}
    for index, event_filter in enumerate(filters):
        compiled = CompiledFilter(
            tuple((key, predicate(test)) for key, test in event_filter.property_tests)
        )
        for event_type in event_filter.event_types:
            by_type.setdefault(event_type, []).append((index, compiled))
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
