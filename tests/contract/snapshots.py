"""What rescoring leaves in a store, taken inside a transaction that is then rolled back,
so two ways of rescoring can be compared on the same data."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from leadscore.rescore import RescoreReport
from leadscore.spec import ScoringModel
from leadscore.stores import SqlStore
from leadscore.stores.sql_store import Transaction
from leadscore.stores.tables import score_history, scores, stage_history

Scorer = Callable[..., RescoreReport]
Snapshot = dict[str, list[dict[str, Any]]]


def snapshot(connection: Connection) -> Snapshot:
    """What rescoring writes, without row ids and wall-clock times."""
    found: Snapshot = {}
    for table, skip in (
        (scores, {"scored_at"}),
        (score_history, {"id", "scored_at"}),
        (stage_history, {"id", "recorded_at"}),
    ):
        order = [table.c.lead_id] + ([table.c.id] if "id" in table.c else [])
        rows = connection.execute(select(table).order_by(*order))
        found[table.name] = [
            {k: v for k, v in row._mapping.items() if k not in skip} for row in rows
        ]
    return found


def rescored(
    store: SqlStore, scorer: Scorer, spec: ScoringModel, runs: list[datetime], **options: Any
) -> tuple[list[Snapshot], list[RescoreReport]]:
    """Rescore at each of `runs` in one transaction, snapshot after each, then roll back."""
    snapshots, reports = [], []
    with store.engine.connect() as connection:
        outer = connection.begin()
        tx = Transaction(connection)
        for as_of in runs:
            reports.append(scorer(tx, spec, 1, as_of, **options))
            snapshots.append(snapshot(connection))
        outer.rollback()
    return snapshots, reports


def _same(got: object, want: object, where: str) -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), where
        for key in want:
            _same(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for index, (left, right) in enumerate(zip(got, want, strict=True)):
            _same(left, right, f"{where}[{index}]")
    elif isinstance(want, float):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), (where, got, want)  # type: ignore[arg-type]
    else:
        assert got == want, (where, got, want)


def assert_same_store(got: Snapshot, want: Snapshot) -> None:
    for table, rows in want.items():
        assert len(got[table]) == len(rows), table
        for left, right in zip(got[table], rows, strict=True):
            _same(parsed(left), parsed(right), f"{table}:{right['lead_id']}")


def parsed(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns as values (SQLite hands them back as text or as values by version)."""
    return {
        k: json.loads(v) if k in ("signals", "contributions") and isinstance(v, str) else v
        for k, v in row.items()
    }
