"""Current scores, score history (only on change) and stage history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from leadscore.domain.scorecard import ScoreCard, StoredScore
from leadscore.domain.stage import StageTransition
from leadscore.stores.queries import CHUNK, chunks, ids
from leadscore.stores.records import score_row, to_stored_score, to_transition
from leadscore.stores.tables import score_history, scores, stage_history
from leadscore.stores.upsert import upsert

HISTORY_FIELDS = ("model_version", "fit", "engagement", "total", "tier", "grade", "stage")
PRECISION = 6


def _signature(row: Any) -> tuple[object, ...]:
    get = row.get if isinstance(row, dict) else row._mapping.get
    return tuple(
        round(value, PRECISION) if isinstance(value, float) else value
        for value in (get(name) for name in HISTORY_FIELDS)
    )


_CURRENT = select(scores).where(scores.c.lead_id.in_(ids()))
_STANDINGS = select(scores.c.lead_id, scores.c.stage, scores.c.tier).where(
    scores.c.lead_id.in_(ids())
)
_STAGES = (
    select(stage_history).where(stage_history.c.lead_id.in_(ids())).order_by(stage_history.c.id)
)
_FORGET_STAGES = delete(stage_history).where(stage_history.c.lead_id.in_(ids()))


class ScoreRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save(self, cards: Sequence[ScoreCard], model_version: int, now: datetime) -> int:
        """Write current scores; add history rows where something changed. Returns that count."""
        previous, staged = self._current({card.lead_id for card in cards})
        rows = [score_row(card, model_version, now) for card in cards]
        changed = [row for row in rows if _signature(row) != previous.get(row["lead_id"])]
        for start in range(0, len(rows), CHUNK):
            upsert(self.connection, scores, rows[start : start + CHUNK], "lead_id")
        history = [{name: row[name] for name in _HISTORY_COLUMNS} for row in changed]
        for start in range(0, len(history), CHUNK):
            self.connection.execute(score_history.insert(), history[start : start + CHUNK])
        self._record_stages(cards, now, staged)
        return len(changed)

    def _current(self, lead_ids: set[str]) -> tuple[dict[str, tuple[object, ...]], set[str]]:
        """Each stored lead's history signature, and the leads with stage history: a
        stored card without `stage_since` had no transitions, so has no history rows."""
        found: dict[str, tuple[object, ...]] = {}
        staged: set[str] = set()
        for part in chunks(sorted(lead_ids)):
            for row in self.connection.execute(_CURRENT, {"ids": list(part)}):
                found[row.lead_id] = _signature(row)
                if row.stage_since is not None:
                    staged.add(row.lead_id)
        return found, staged

    def _record_stages(self, cards: Iterable[ScoreCard], now: datetime, staged: set[str]) -> None:
        """Keep stage history equal to the replayed transitions of the current model.

        Rows are appended when the replay adds transitions; when a new model or an
        earlier `as_of` rewrites the past, the lead's history is replaced by the replay.
        """
        recorded = self._transitions({card.lead_id for card in cards} & staged)
        inserts: list[dict[str, Any]] = []
        rewrite: list[str] = []
        for card in cards:
            old = recorded.get(card.lead_id, ())
            new = card.transitions
            if new[: len(old)] != old:
                rewrite.append(card.lead_id)
                old = ()
            inserts += [_stage_row(card.lead_id, t, now) for t in new[len(old) :]]
        for part in chunks(rewrite):
            self.connection.execute(_FORGET_STAGES, {"ids": list(part)})
        for start in range(0, len(inserts), CHUNK):
            self.connection.execute(stage_history.insert(), inserts[start : start + CHUNK])

    def _transitions(self, lead_ids: set[str]) -> dict[str, tuple[StageTransition, ...]]:
        grouped: dict[str, list[StageTransition]] = {}
        if not lead_ids:
            return {}
        for part in chunks(sorted(lead_ids)):
            for row in self.connection.execute(_STAGES, {"ids": list(part)}):
                grouped.setdefault(row.lead_id, []).append(to_transition(row))
        return {lead_id: tuple(items) for lead_id, items in grouped.items()}

    def get(self, lead_id: str) -> StoredScore | None:
        row = self.connection.execute(select(scores).where(scores.c.lead_id == lead_id)).first()
        if row is None:
            return None
        return to_stored_score(row, self._transitions({lead_id}).get(lead_id, ()))

    def ranked(
        self,
        tier: str | None = None,
        stage: str | None = None,
        grade: str | None = None,
        limit: int | None = None,
    ) -> list[StoredScore]:
        query = select(scores).order_by(scores.c.total.desc(), scores.c.lead_id)
        if tier:
            query = query.where(scores.c.tier == tier)
        if stage:
            query = query.where(scores.c.stage == stage)
        if grade:
            query = query.where(scores.c.grade == grade)
        if limit:
            query = query.limit(limit)
        return [to_stored_score(row) for row in self.connection.execute(query)]

    def standings(self, lead_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Each stored lead's (stage, tier): what a new card is compared with to tell
        stage changes (audit log) and notifications (webhook outbox)."""
        found: dict[str, tuple[str, str]] = {}
        for part in chunks(sorted(set(lead_ids))):
            for lead_id, stage, tier in self.connection.execute(_STANDINGS, {"ids": list(part)}):
                found[lead_id] = (stage, tier)
        return found

    def stage_counts(self) -> dict[str, int]:
        query = select(scores.c.stage, func.count()).group_by(scores.c.stage)
        return {stage: count for stage, count in self.connection.execute(query)}

    def history_of(self, lead_id: str) -> list[dict[str, Any]]:
        query = (
            select(score_history)
            .where(score_history.c.lead_id == lead_id)
            .order_by(score_history.c.id)
        )
        return [dict(row._mapping) for row in self.connection.execute(query)]


_HISTORY_COLUMNS = (
    "lead_id",
    "model_version",
    "as_of",
    "fit",
    "engagement",
    "total",
    "tier",
    "grade",
    "stage",
    "scored_at",
)


def _stage_row(lead_id: str, transition: StageTransition, now: datetime) -> dict[str, Any]:
    return {
        "lead_id": lead_id,
        "from_stage": transition.from_stage.value,
        "to_stage": transition.to_stage.value,
        "at": transition.at,
        "reason": transition.reason,
        "actor": transition.actor,
        "recorded_at": now,
    }
