"""Real-time use: feed a lead's events one at a time and read its card after each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import ScoreCard
from leadscore.engine.score_one import score_one
from leadscore.spec.model import ScoringModel


class LeadScorer:
    """Holds one lead's events keyed by `event_id`, so a repeat changes nothing.

    Each card is computed from the whole known history, which is what makes one-at-a-time
    equal to all-at-once in any order.
    """

    def __init__(self, spec: ScoringModel, lead: Lead) -> None:
        self.spec = spec
        self.lead = lead
        self._events: list[Event] = []
        self._ids: set[str] = set()
        self._decisions: list[SalesDecision] = []

    def apply(self, event: Event) -> bool:
        """Record `event`; False when its `event_id` was already known."""
        repeat = event.event_id in self._ids
        self._events.append(event)
        self._ids.add(event.event_id)
        return not repeat

    def apply_many(self, events: Iterable[Event]) -> int:
        return sum(self.apply(event) for event in events)

    def decide(self, decision: SalesDecision) -> None:
        self._decisions.append(decision)

    def card(self, as_of: datetime) -> ScoreCard:
        return score_one(self.spec, self.lead, self._events, as_of, self._decisions)
