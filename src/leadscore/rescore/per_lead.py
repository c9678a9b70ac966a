"""Leads scored one at a time by the real-time engine, from what the store holds of each.

Used for a few named leads and, as `score_streaming`, the per-lead loop over the whole
store that set-based scoring replaced (kept to compare with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from leadscore.domain.scorecard import ScoreCard
from leadscore.engine.score_one import score_one
from leadscore.spec.model import ScoringModel
from leadscore.stores.sql_store import Transaction

#: Told how many more leads are scored.
Progress = Callable[[int], None]


def score_lead(
    tx: Transaction, spec: ScoringModel, lead_id: str, as_of: datetime
) -> ScoreCard | None:
    lead = tx.leads.get(lead_id)
    if lead is None:
        return None
    return score_one(spec, lead, tx.events.of_lead(lead_id), as_of, tx.decisions.of_lead(lead_id))


def score_streaming(
    tx: Transaction,
    spec: ScoringModel,
    as_of: datetime,
    only: Iterable[str] | None,
    progress: Progress | None,
) -> list[ScoreCard]:
    """Every lead (or `only` these), streaming all events grouped by lead."""
    wanted = None if only is None else set(only)
    leads = {
        lead.lead_id: lead for lead in tx.leads.all() if wanted is None or lead.lead_id in wanted
    }
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
