"""The stage and stage history a scored lead's events and decisions imply, as of a time.

score_one calls this after scoring; set-based rescoring (leadscore.rescore) calls it with
score_many's figures and matches, so both record the same transitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.stage import Stage, StageTransition
from leadscore.domain.timeutil import utc
from leadscore.engine.compiled import EventMatch
from leadscore.engine.lifecycle import replay
from leadscore.engine.moments import Moment, intermediate_moments
from leadscore.spec.model import ScoringModel


def replayed_stage(
    spec: ScoringModel,
    history: list[Event],
    found: Sequence[EventMatch],
    as_of: datetime,
    fit: float,
    engagement: float,
    signals: Sequence[str],
    decisions: Iterable[SalesDecision],
) -> tuple[Stage, tuple[StageTransition, ...]]:
    """`history` is deduplicated, in time order and not after `as_of` (timeline.known_events),
    `found[i]` what history[i] matched; fit, engagement and signals are the card's at
    `as_of`. Decisions made after `as_of` are left out."""
    as_of = utc(as_of)
    moments = [m for m in intermediate_moments(spec, history, found) if m.at < as_of]
    raised_now = {
        index
        for event, match in zip(history, found, strict=True)
        if event.occurred_at == as_of
        for index in match.signals
    }
    fresh = {spec.signals[index].name for index in raised_now} & set(signals)
    moments.append(Moment(as_of, engagement, frozenset(signals), frozenset(fresh)))
    known = [decision for decision in decisions if utc(decision.decided_at) <= as_of]
    return replay(spec.lifecycle, fit, moments, known)
