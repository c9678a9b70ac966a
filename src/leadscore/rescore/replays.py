"""Stage histories for the leads whose cards need one, replayed from set-wise matches.

score_many settles the stage but not the transitions (time and reason) that stage history
records, nor stages decided by sales. For those leads the real-time engine's replay runs
on the lead's events as score_many matched them (matched_events.py) and on the card's
figures, so it neither re-parses event properties nor re-matches rules in Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from leadscore.domain.decision import SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import Stage
from leadscore.engine.compiled import EventMatch
from leadscore.engine.stage_replay import replayed_stage
from leadscore.rescore.matched_events import RULES, SIGNALS, matched_events
from leadscore.rescore.row_cards import card_from_row
from leadscore.spec.model import ScoringModel

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ROWS_PER_BATCH = 100_000


def replayed_cards(
    spec: ScoringModel,
    rows: Sequence[dict[str, Any]],
    events: ir.Table,
    as_of: datetime,
    decisions: Mapping[str, Sequence[SalesDecision]],
) -> Iterator[ScoreCard]:
    """One card per row of score_many (with explanations), in lead_id order; `as_of` UTC."""
    by_id = {row["lead_id"]: row for row in rows}
    histories = _histories(spec, events, sorted(by_id), as_of) if by_id else {}
    for lead_id in sorted(by_id):
        # The row's stage may be unsettled (needs_replay): the replay's replaces it below.
        card = card_from_row(spec, by_id[lead_id], as_of, Stage(spec.lifecycle.initial))
        history, found = histories.get(lead_id, ([], []))
        stage, transitions = replayed_stage(
            spec,
            history,
            found,
            as_of,
            card.fit,
            card.engagement,
            card.signals,
            decisions.get(lead_id, ()),
        )
        yield replace(card, stage=stage, transitions=transitions)


History = tuple[list[Event], list[EventMatch]]


def _histories(
    spec: ScoringModel, events: ir.Table, lead_ids: list[str], as_of: datetime
) -> dict[str, History]:
    """Each lead's events in time order (without properties: the replay reads times and
    matches only), with what each matched."""
    wanted = ibis.memtable(pa.table({"lead_id": pa.array(lead_ids, pa.string())}))
    matched = matched_events(spec, events.semi_join(wanted, "lead_id"), as_of)
    ordered = matched.select("lead_id", "event_id", "type", "_us", RULES, SIGNALS).order_by(
        "lead_id", "_us", "event_id"
    )
    found: dict[str, History] = {}
    for batch in ordered.to_pyarrow_batches(chunk_size=ROWS_PER_BATCH):
        columns = batch.to_pydict()
        rows = zip(*(columns[name] for name in batch.schema.names), strict=True)
        for lead_id, group in groupby(rows, key=lambda row: row[0]):
            history, matches = found.setdefault(lead_id, ([], []))
            for _, event_id, kind, us, rules, signals in group:
                history.append(Event(event_id, lead_id, kind, EPOCH + timedelta(microseconds=us)))
                matches.append(EventMatch(tuple(rules), tuple(signals)))
    return found
