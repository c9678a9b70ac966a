"""A known set of leads scored by the real-time engine, read in a few set-wise queries.

Used for the leads one request (or one small CLI ingest) touched: their rows, events and
decisions are read with one IN query each (chunked), not three queries per lead, and
each lead is scored alone by score_one, exactly as `per_lead.score_lead` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import ScoreCard
from leadscore.engine.score_one import score_one
from leadscore.spec.model import ScoringModel
from leadscore.stores.sql_store import Transaction


def score_named(
    tx: Transaction,
    spec: ScoringModel,
    lead_ids: Iterable[str],
    as_of: datetime,
    leads: Mapping[str, Lead] | None = None,
    decided: Iterable[str] | None = None,
    histories: Mapping[str, Sequence[Event]] | None = None,
) -> list[ScoreCard]:
    """Cards of the stored leads among `lead_ids`, in lead_id order (unknown ids skipped);
    `leads` may hold their rows already (read while locking them), and `decided` name
    the only ones with sales decisions (the others' are not looked for); `histories` may
    hold the events of every one of them (realtime.py reads them around its insert)."""
    ids = sorted(set(lead_ids))
    if leads is None or not all(lead_id in leads for lead_id in ids):
        leads = tx.leads.get_many(ids)
    events = tx.events.of_leads(ids) if histories is None else histories
    wanted = ids if decided is None else list(decided)
    decisions = tx.decisions.of_leads(wanted) if wanted else {}
    return [
        score_one(spec, leads[lead_id], events.get(lead_id, ()), as_of, decisions.get(lead_id, ()))
        for lead_id in ids
        if lead_id in leads
    ]
