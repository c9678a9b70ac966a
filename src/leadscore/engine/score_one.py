"""score_one: one lead, its events and sales decisions, as of a time -> ScoreCard."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import Stage
from leadscore.domain.timeutil import utc
from leadscore.engine.bands import band
from leadscore.engine.compiled import compiled
from leadscore.engine.engagement import engagement_contributions
from leadscore.engine.fit import fit_contributions
from leadscore.engine.limits import group_total
from leadscore.engine.signals import active_signals
from leadscore.engine.stage_replay import replayed_stage
from leadscore.engine.timeline import known_events
from leadscore.spec.model import ScoringModel


def score_one(
    spec: ScoringModel,
    lead: Lead,
    events: Iterable[Event],
    as_of: datetime,
    decisions: Iterable[SalesDecision] = (),
) -> ScoreCard:
    """Pure: the same inputs give the same ScoreCard whatever order events arrive in."""
    as_of = utc(as_of)
    history = known_events(events, as_of)
    found = compiled(spec).match_all(history)
    rule_hits: list[list[Event]] = [[] for _ in spec.engagement.rules]
    signal_hits: list[list[Event]] = [[] for _ in spec.signals]
    for event, match in zip(history, found, strict=True):
        for index in match.rules:
            rule_hits[index].append(event)
        for index in match.signals:
            signal_hits[index].append(event)
    fit_lines = fit_contributions(spec.fit, lead)
    engagement_lines = engagement_contributions(spec.engagement, history, as_of, rule_hits)
    fit = group_total(fit_lines)
    engagement = group_total(engagement_lines)
    total = group_total(fit_lines + engagement_lines)
    signals = active_signals(spec.signals, history, as_of, signal_hits)
    known_decisions = [d for d in decisions if utc(d.decided_at) <= as_of]
    if _stays_initial(spec, fit, signal_hits, known_decisions):
        stage, transitions = Stage(spec.lifecycle.initial), ()
    else:
        stage, transitions = replayed_stage(
            spec, history, found, as_of, fit, engagement, signals, known_decisions
        )
    return ScoreCard(
        lead_id=lead.lead_id,
        as_of=as_of,
        fit=fit,
        engagement=engagement,
        total=total,
        tier=band(spec.tiers, total),
        grade=band(spec.grades, fit),
        signals=signals,
        stage=stage,
        contributions=tuple(fit_lines + engagement_lines),
        transitions=transitions,
    )


def _stays_initial(
    spec: ScoringModel,
    fit: float,
    signal_hits: list[list[Event]],
    decisions: list[SalesDecision],
) -> bool:
    """A shortcut past the replay for most leads: with fit below the MQL entry threshold,
    no hand-raise event ever and no decision, nothing can move the lead."""
    lifecycle = spec.lifecycle
    floor = lifecycle.disqualify.fit_below
    if decisions or (floor is not None and fit < floor) or fit >= lifecycle.mql.fit_at_least:
        return False
    raising = set(lifecycle.mql.or_signals)
    return not any(
        hits
        for signal, hits in zip(spec.signals, signal_hits, strict=True)
        if signal.name in raising
    )
