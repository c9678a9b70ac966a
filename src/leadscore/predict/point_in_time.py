"""Point-in-time training sets: one row per lead and cutoff, features known at the cutoff,
the label from what happened in the horizon after it.

Cutoffs are either fixed dates (snapshots: every lead on record at the date and not yet at
the outcome) or each lead's own MQL moment (`"mql"`: the question sales asks of a new MQL).
Each row's features come from the lead's history cut at the cutoff (LeadHistory.known_at),
and the event-type columns from the types seen in those cut histories, so an event after a
cutoff cannot change any row. A row is only made when its horizon is over: the store must
know the data up to cutoff + horizon (`known_until`, by default its latest event or
decision); later cutoffs are censored and counted in the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import pandas as pd

from leadscore.domain.history import LeadHistory
from leadscore.domain.stage import Stage
from leadscore.domain.timeutil import utc
from leadscore.engine.score_one import score_one
from leadscore.errors import LeadscoreError
from leadscore.predict.outcome import Outcome, label_name, reached_moments
from leadscore.predict.snapshot_features import snapshot_features
from leadscore.spec.model import ScoringModel

Cutoffs = Sequence[datetime] | Literal["mql"] | None
ID_COLUMNS: tuple[str, ...] = ("lead_id", "cutoff")


@dataclass(frozen=True)
class TrainingSet:
    """`table` has `lead_id`, `cutoff`, the features, then the boolean `label` column."""

    table: pd.DataFrame
    label: str
    known_until: datetime
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    known: LeadHistory
    cutoff: datetime
    label: bool


def build_training_set(
    histories: Sequence[LeadHistory],
    spec: ScoringModel,
    outcome: Outcome,
    within_days: int = 90,
    cutoffs: Cutoffs = None,
    known_until: datetime | None = None,
) -> TrainingSet:
    """Rows for `cutoffs` (default: one date, `within_days` before `known_until`)."""
    if within_days < 1:
        raise LeadscoreError(f"the horizon must be at least 1 day, got {within_days}")
    end = utc(known_until) if known_until else _latest(histories)
    horizon = timedelta(days=within_days)
    plan = _Plan(spec, outcome, horizon, end)
    if cutoffs == "mql":
        rows = plan.at_mql(histories)
    else:
        dates = [utc(c) for c in cutoffs] if cutoffs else [end - horizon]
        rows = [row for date in sorted(set(dates)) for row in plan.at_date(histories, date)]
    label = label_name(outcome, within_days)
    if not rows:
        why = "; ".join(plan.notes) or "the store has no leads"
        raise LeadscoreError(f"no lead has a row for {label}: {why}")
    return TrainingSet(_table(spec, rows, label), label, end, tuple(plan.notes))


def build_scoring_set(
    histories: Sequence[LeadHistory],
    spec: ScoringModel,
    outcome: Outcome,
    at: datetime | None = None,
) -> TrainingSet:
    """The rows a model trained on these features scores: every lead on record at `at`
    (default: the latest event or decision) and not yet at `outcome`, features as known
    then, no label column (`label` is empty)."""
    at = utc(at) if at else _latest(histories)
    plan = _Plan(spec, outcome, timedelta(0), at)
    rows = plan.at_date(histories, at)
    if not rows:
        why = "; ".join(plan.notes) or "the store has no leads"
        raise LeadscoreError(f"no lead to score at {at:%Y-%m-%d %H:%M}: {why}")
    return TrainingSet(_table(spec, rows, None), "", at, tuple(plan.notes))


def _latest(histories: Sequence[LeadHistory]) -> datetime:
    moments = [m for h in histories if (m := h.last_moment()) is not None]
    if not moments:
        raise LeadscoreError("the store has no events or decisions to build a training set from")
    return max(moments)


class _Plan:
    """Which lead gets a row at which cutoff, and why the others do not (the notes)."""

    def __init__(
        self, spec: ScoringModel, outcome: Outcome, horizon: timedelta, end: datetime
    ) -> None:
        self.spec, self.outcome, self.horizon, self.end = spec, outcome, horizon, end
        self.notes: list[str] = []

    def at_date(self, histories: Sequence[LeadHistory], cutoff: datetime) -> list[_Row]:
        if cutoff + self.horizon > self.end:
            self.notes.append(
                f"cutoff {cutoff:%Y-%m-%d %H:%M} censored: its horizon ends after "
                f"{self.end:%Y-%m-%d %H:%M}, the latest time the store knows"
            )
            return []
        rows: list[_Row] = []
        unborn = done = 0
        for history in histories:
            first = history.first_known()
            if first is None or first > cutoff:
                unborn += 1
            elif (row := self._row(history, cutoff)) is None:
                done += 1
            else:
                rows.append(row)
        self._note(cutoff, unborn, "not yet on record")
        self._note(cutoff, done, f"already at {self.outcome.value} or beyond")
        return rows

    def at_mql(self, histories: Sequence[LeadHistory]) -> list[_Row]:
        rows: list[_Row] = []
        never = censored = done = 0
        for history in histories:
            cutoff = self._mql_moment(history)
            if cutoff is None:
                never += 1
            elif cutoff + self.horizon > self.end:
                censored += 1
            elif (row := self._row(history, cutoff)) is None:
                done += 1
            else:
                rows.append(row)
        days = self.horizon.days
        self._note(None, never, "never became MQL")
        self._note(None, censored, f"became MQL less than {days} days before the data ends")
        self._note(None, done, f"reached {self.outcome.value} before becoming MQL")
        return rows

    def _mql_moment(self, history: LeadHistory) -> datetime | None:
        lead, events, decisions = history.lead, history.events, history.decisions
        card = score_one(self.spec, lead, events, self.end, decisions)
        return next((t.at for t in card.transitions if t.to_stage == Stage.MQL), None)

    def _row(self, history: LeadHistory, cutoff: datetime) -> _Row | None:
        """None when the lead reached the outcome at or before the cutoff."""
        needed = self.spec.lifecycle.sql.bant_at_least
        reached = reached_moments(history.decisions, self.outcome, needed)
        if any(moment <= cutoff for moment in reached):
            return None
        label = any(moment <= cutoff + self.horizon for moment in reached)
        return _Row(history.known_at(cutoff), cutoff, label)

    def _note(self, cutoff: datetime | None, count: int, why: str) -> None:
        if count:
            at = f" at {cutoff:%Y-%m-%d %H:%M}" if cutoff else ""
            self.notes.append(f"{count:,} lead(s) left out{at}: {why}")


def _table(spec: ScoringModel, rows: list[_Row], label: str | None) -> pd.DataFrame:
    """One record per row; the `label` column last (none when `label` is None)."""
    types = sorted({event.type for row in rows for event in row.known.events})
    records = [
        {
            "lead_id": row.known.lead.lead_id,
            "cutoff": row.cutoff,
            **snapshot_features(spec, row.known, row.cutoff, types),
            **({label: row.label} if label is not None else {}),
        }
        for row in rows
    ]
    table = pd.DataFrame.from_records(records)
    table["cutoff"] = pd.to_datetime(table["cutoff"], utc=True)
    return table
