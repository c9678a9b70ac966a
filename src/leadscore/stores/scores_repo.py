"""Current scores, score history (only on change) and stage history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from leadscore.domain.scorecard import ScoreCard, StoredScore
from leadscore.domain.stage import StageTransition
from leadscore.stores.driver import Driver, marks
from leadscore.stores.lead_state import StoredStanding, signature, standing
from leadscore.stores.queries import CHUNK, chunks, ids
from leadscore.stores.records import score_row, to_stored_score, to_transition
from leadscore.stores.tables import score_history, scores, stage_history

HISTORY_FIELDS = ("model_version", "fit", "engagement", "total", "tier", "grade", "stage")
_SCORE_COLUMNS = tuple(column.name for column in scores.columns)
_TIMES = frozenset({"as_of", "stage_since", "scored_at"})
_JSONS = frozenset({"signals", "contributions"})

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

#: The statements every saved card runs, as plain SQL on the driver's cursor (driver.py);
#: `INSERT ... ON CONFLICT DO UPDATE` reads the same on SQLite and PostgreSQL.
_UPSERT = (
    f"INSERT INTO scores ({', '.join(_SCORE_COLUMNS)}) VALUES ({marks(len(_SCORE_COLUMNS))})"
    " ON CONFLICT (lead_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _SCORE_COLUMNS if name != "lead_id")
)
_HISTORY = (
    f"INSERT INTO score_history ({', '.join(_HISTORY_COLUMNS)})"
    f" VALUES ({marks(len(_HISTORY_COLUMNS))})"
)
#: PostgreSQL: one card's upsert and its history row in one statement (one round trip);
#: a data-modifying WITH runs to completion whether or not the main statement reads it.
_UPSERT_WITH_HISTORY = f"WITH saved AS ({_UPSERT}) {_HISTORY}"
_STORED = (
    "SELECT lead_id, " + ", ".join(HISTORY_FIELDS) + ", stage_since FROM scores"
    " WHERE lead_id IN ({})"
)
_STAGES = (
    select(stage_history).where(stage_history.c.lead_id.in_(ids())).order_by(stage_history.c.id)
)
_FORGET_STAGES = delete(stage_history).where(stage_history.c.lead_id.in_(ids()))


class ScoreRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save(
        self,
        cards: Sequence[ScoreCard],
        model_version: int,
        now: datetime,
        stored: Mapping[str, StoredStanding | None] | None = None,
    ) -> int:
        """Write current scores; add history rows where something changed. Returns that count.

        `stored` may hand over what is stored for every card's lead (None: nothing), read
        while locking them; otherwise it is read here.
        """
        if stored is None:
            stored = self.stored(card.lead_id for card in cards)
        rows = [score_row(card, model_version, now) for card in cards]
        changed = []
        for row in rows:
            before = stored.get(row["lead_id"])
            fields = tuple(row[name] for name in HISTORY_FIELDS)
            if before is None or signature(fields) != before.signature:
                changed.append(row)
        driver = Driver(self.connection)
        if driver.postgres and len(rows) == 1 and len(changed) == 1:
            both = _score_values(driver, rows[0]) + _history_values(driver, changed[0])
            driver.run(_UPSERT_WITH_HISTORY, both)
        else:
            if rows:
                driver.many(_UPSERT, [_score_values(driver, row) for row in rows])
            if changed:
                driver.many(_HISTORY, [_history_values(driver, row) for row in changed])
        staged = {lead_id for lead_id, item in stored.items() if item is not None and item.staged}
        self._record_stages(cards, now, staged)
        return len(changed)

    def stored(self, lead_ids: Iterable[str]) -> dict[str, StoredStanding]:
        """What is stored of these leads' cards, as saving a new card compares with it."""
        driver = Driver(self.connection)
        found: dict[str, StoredStanding] = {}
        for part in chunks(sorted(set(lead_ids))):
            for row in driver.rows(_STORED.format(marks(len(part))), part):
                found[row[0]] = standing(row[1:8], row[8] is not None)
        return found

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


def _score_values(driver: Driver, row: dict[str, Any]) -> list[Any]:
    return [
        driver.time_in(row[name])
        if name in _TIMES
        else driver.json_in(row[name])
        if name in _JSONS
        else row[name]
        for name in _SCORE_COLUMNS
    ]


def _history_values(driver: Driver, row: dict[str, Any]) -> list[Any]:
    return [driver.time_in(row[name]) if name in _TIMES else row[name] for name in _HISTORY_COLUMNS]
