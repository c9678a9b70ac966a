"""Rescore leads in the store and save their cards in the caller's transaction.

The whole store (or a large set of leads) is scored set-wise by score_many, with the
real-time engine replaying only the leads whose stage history needs it (set_based.py); a
few named leads are scored one by one (per_lead.py). Both store the same cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.timeutil import now_utc
from leadscore.rescore.changes import record_changes
from leadscore.rescore.named import score_named
from leadscore.rescore.per_lead import Progress, score_streaming
from leadscore.rescore.set_based import score_set
from leadscore.spec.model import ScoringModel
from leadscore.stores.lead_state import LeadState, StoredStanding
from leadscore.stores.sql_store import Transaction

#: Up to this many leads, one set of small queries per lead beats reading the whole store.
PER_LEAD_QUERIES_UP_TO = 200

__all__ = [
    "PER_LEAD_QUERIES_UP_TO",
    "Progress",
    "RescoreReport",
    "rescore",
    "rescore_each",
    "rescore_named",
]


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
        found = score_named(tx, spec, only, as_of)
    else:
        found = score_set(tx, spec, as_of, only, progress)
    return _saved(tx, found, model_version, as_of)


def rescore_each(
    tx: Transaction,
    spec: ScoringModel,
    model_version: int,
    as_of: datetime,
    only: set[str] | None = None,
    progress: Progress | None = None,
) -> RescoreReport:
    """`rescore` by the per-lead loop it used before set-based scoring: the yardstick that
    tests and benchmarks/store_rescore.py hold the set-based path to."""
    return _saved(tx, score_streaming(tx, spec, as_of, only, progress), model_version, as_of)


def rescore_named(
    tx: Transaction,
    spec: ScoringModel,
    model_version: int,
    as_of: datetime,
    lead_ids: Iterable[str],
    leads: Mapping[str, Lead] | None = None,
    states: Mapping[str, LeadState] | None = None,
    histories: Mapping[str, Sequence[Event]] | None = None,
) -> list[ScoreCard]:
    """Score and store the leads one request touched, by the real-time engine whatever
    their number (no set-based detour); `leads` may hand over rows already read, and
    `states` what locking them read (stored card, objection, decisions: lead_state.py)
    for every one of `lead_ids`, `histories` their events (named.py). Returns
    the cards stored: a lead that objected to processing keeps its old card, left out."""
    ids = sorted(set(lead_ids))
    decided = None if states is None else [i for i in ids if i in states and states[i].decided]
    cards = score_named(tx, spec, ids, as_of, leads, decided, histories)
    return _store(tx, cards, model_version, states)[0]


def _saved(
    tx: Transaction, cards: list[ScoreCard], model_version: int, as_of: datetime
) -> RescoreReport:
    kept, changed = _store(tx, cards, model_version)
    return RescoreReport(len(kept), changed, as_of)


def _store(
    tx: Transaction,
    cards: list[ScoreCard],
    model_version: int,
    states: Mapping[str, LeadState] | None = None,
) -> tuple[list[ScoreCard], int]:
    now = now_utc()
    if states is None:
        lead_ids = [card.lead_id for card in cards]
        objected = tx.privacy.objected(lead_ids)
        stored: Mapping[str, StoredStanding | None] = tx.scores.stored(lead_ids)
    else:
        objected = {lead_id for lead_id, state in states.items() if state.objected}
        stored = {lead_id: state.stored for lead_id, state in states.items()}
    kept = record_changes(tx, cards, now, objected, stored)
    return kept, tx.scores.save(kept, model_version, now, stored)
