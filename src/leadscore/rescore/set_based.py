"""Rescore the whole store (or many leads) with score_many, replaying only where needed.

score_many, in a memory-bounded DuckDB workspace, gives every lead's fit-rule points,
signals and stage; explanations.py adds what a stored card lists beyond those (each
engagement rule's events and decayed points), and row_cards.py adds them up as score_one
does. Most leads stay in the initial stage with no sales decision: their cards are those
rows. The rest (decisions, stage transitions to record, histories too long for the
set-based sums) get their stage history from the real-time engine's replay (replays.py),
so the store ends up holding what the per-lead loop would have stored.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend

from leadscore.batch.tables import workspace
from leadscore.domain.decision import SalesDecision
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.timeutil import utc
from leadscore.engine.many import rule_column, score_many
from leadscore.rescore.explanations import explanations
from leadscore.rescore.per_lead import Progress
from leadscore.rescore.replays import replayed_cards
from leadscore.rescore.row_cards import card_from_row, needs_stage_replay
from leadscore.rescore.store_tables import events_table, leads_table
from leadscore.spec.model import ScoringModel
from leadscore.stores.event_batches import SCHEMA as EVENT_SCHEMA
from leadscore.stores.sql_store import Transaction

ROWS_PER_BATCH = 10_000
_NAMES = itertools.count()


def score_set(
    tx: Transaction,
    spec: ScoringModel,
    as_of: datetime,
    only: set[str] | None = None,
    progress: Progress | None = None,
) -> list[ScoreCard]:
    """Cards of every stored lead (or of those in `only`), in lead_id order."""
    decisions = tx.decisions.by_lead()
    with workspace() as con:
        leads = leads_table(con, spec, tx.leads.all(), only)
        events = events_table(con, tx.events.batches(), EVENT_SCHEMA, only)
        return scored_cards(spec, leads, events, as_of, decisions, progress)


def scored_cards(
    spec: ScoringModel,
    leads: ir.Table,
    events: ir.Table,
    as_of: datetime,
    decisions: Mapping[str, Sequence[SalesDecision]],
    progress: Progress | None = None,
) -> list[ScoreCard]:
    """Cards of the leads in `leads` (store_tables.py's tables, one backend), by lead_id;
    `decisions` by lead."""
    as_of = utc(as_of)
    cards: list[ScoreCard] = []
    replay: list[dict[str, Any]] = []
    con = leads._find_backend(use_default=True)
    # Each part is computed into a table of its own, so each has the whole memory budget.
    scored = score_many(spec, leads, events, as_of)
    fit_points = {
        name: scored[name].cast("float64")
        for name in (rule_column("fit", i) for i in range(len(spec.fit.rules)))
    }
    used = _held(con, scored.select("lead_id", "signals", "stage", "needs_replay", **fit_points))
    explained = _held(con, explanations(spec, leads, events, as_of))
    result = used.left_join(explained, "lead_id").drop("lead_id_right")
    # Batches come as DuckDB typed them (sums of literals as decimals): cast to Ibis's.
    schema = result.schema().to_pyarrow()
    for batch in result.to_pyarrow_batches(chunk_size=ROWS_PER_BATCH):
        built = len(cards)
        for row in batch.cast(schema).to_pylist():
            if needs_stage_replay(spec, row, row["lead_id"] in decisions):
                replay.append(row)
            else:
                cards.append(card_from_row(spec, row, as_of))
        if progress:
            progress(len(cards) - built)
    for card in replayed_cards(spec, replay, events, as_of, decisions):
        cards.append(card)
        if progress:
            progress(1)
    cards.sort(key=lambda card: card.lead_id)
    return cards


def _held(con: BaseBackend, table: ir.Table) -> ir.Table:
    return con.create_table(f"_rescore_{next(_NAMES)}", table)
