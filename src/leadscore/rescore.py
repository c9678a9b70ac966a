"""Rescore leads in the store with the real-time engine, one lead history at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.timeutil import now_utc
from leadscore.engine.score_one import score_one
from leadscore.spec.model import ScoringModel
from leadscore.stores.sql_store import Transaction

Progress = Callable[[int], None]
PER_LEAD_QUERIES_UP_TO = 200


@dataclass(frozen=True, slots=True)
class RescoreReport:
    scored: int
    changed: int
    as_of: datetime


def rescore(
    tx: Transaction,
    spec: ScoringModel,
    model_version: int,
    as_of: datetime,
    only: set[str] | None = None,
    progress: Progress | None = None,
) -> RescoreReport:
    """Score `only` these leads (all when None) and store the cards in the same transaction."""
    if only is not None and len(only) <= PER_LEAD_QUERIES_UP_TO:
        cards = [_score_lead(tx, spec, lead_id, as_of) for lead_id in sorted(only)]
        found = [card for card in cards if card is not None]
    else:
        found = _score_streaming(tx, spec, as_of, only, progress)
    changed = tx.scores.save(found, model_version, now_utc())
    return RescoreReport(len(found), changed, as_of)


def _score_lead(
    tx: Transaction, spec: ScoringModel, lead_id: str, as_of: datetime
) -> ScoreCard | None:
    lead = tx.leads.get(lead_id)
    if lead is None:
        return None
    return score_one(spec, lead, tx.events.of_lead(lead_id), as_of, tx.decisions.of_lead(lead_id))


def _score_streaming(
    tx: Transaction,
    spec: ScoringModel,
    as_of: datetime,
    only: set[str] | None,
    progress: Progress | None,
) -> list[ScoreCard]:
    leads = {lead.lead_id: lead for lead in tx.leads.all() if only is None or lead.lead_id in only}
    decisions = tx.decisions.by_lead()
    cards: list[ScoreCard] = []
    for lead_id, events in tx.events.by_lead():
        lead = leads.pop(lead_id, None)
        if lead is not None:
            cards.append(score_one(spec, lead, events, as_of, decisions.get(lead_id, ())))
            if progress:
                progress(1)
    for lead in leads.values():
        cards.append(score_one(spec, lead, (), as_of, decisions.get(lead.lead_id, ())))
        if progress:
            progress(1)
    return cards
