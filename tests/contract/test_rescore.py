"""Rescoring the store set-wise stores exactly what the per-lead loop stores: the same
current scores, score history and stage history, on every store, for a simulated funnel
with sales decisions and leads in every stage."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select

from leadscore.demo import _acceptances, _outcomes
from leadscore.domain import DecisionKind, SalesDecision
from leadscore.rescore import PER_LEAD_QUERIES_UP_TO, RescoreReport, rescore, rescore_each
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, SimulationResult, simulate
from leadscore.spec import ScoringModel, load_spec_text
from leadscore.spec.template import template_text
from leadscore.stores import SqlStore
from leadscore.stores.sql_store import Transaction
from leadscore.stores.tables import score_history, scores, stage_history

Scorer = Callable[..., RescoreReport]
Snapshot = dict[str, list[dict[str, Any]]]
LATER = DEFAULT_END + timedelta(days=20)
#: The shipped model plus rules on a custom attribute (one worth zero points).
CUSTOM_RULES = """
    - {name: operations, when: {attribute: job_function, equals: operations}, points: 3}
    - {name: marketing, when: {attribute: job_function, in: [marketing]}, points: 0}
"""


@pytest.fixture(scope="module")
def funnel(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    return simulate(tmp_path_factory.mktemp("funnel"), leads=400, seed=11)


@pytest.fixture
def spec() -> ScoringModel:
    text = template_text().replace("  rules:\n", "  rules:" + CUSTOM_RULES, 1)
    return load_spec_text(text)


@pytest.fixture
def loaded(service: LeadService, funnel: SimulationResult) -> SqlStore:
    """The funnel with the simulated acceptances and some rejections, disqualifications,
    opportunities and wins, so that every stage is present."""
    service.ingest_leads(funnel.leads_path, score=False)
    service.ingest_events(funnel.events_path, score=False)
    decisions = _acceptances(_outcomes(funnel.outcomes_path), DEFAULT_END)
    at = DEFAULT_END - timedelta(days=10)
    for index, kind in enumerate(
        [DecisionKind.REJECT, DecisionKind.DISQUALIFY, DecisionKind.OPPORTUNITY] * 3
    ):
        decisions.append(SalesDecision(f"L{index + 1:06d}", kind, at, "test decision"))
    decisions.append(SalesDecision("L000001", DecisionKind.WON, LATER, "after the first as-of"))
    service.add_decisions(decisions, score=False)
    return service.store


def _snapshot(connection: Connection) -> Snapshot:
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


def _rescored(
    store: SqlStore, scorer: Scorer, spec: ScoringModel, runs: list[datetime], **options: Any
) -> tuple[list[Snapshot], list[RescoreReport]]:
    """Rescore at each of `runs` in one transaction, snapshot after each, then roll back."""
    snapshots, reports = [], []
    with store.engine.connect() as connection:
        outer = connection.begin()
        tx = Transaction(connection)
        for as_of in runs:
            reports.append(scorer(tx, spec, 1, as_of, **options))
            snapshots.append(_snapshot(connection))
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


def _assert_same_store(got: Snapshot, want: Snapshot) -> None:
    for table, rows in want.items():
        assert len(got[table]) == len(rows), table
        for left, right in zip(got[table], rows, strict=True):
            _same(_parsed(left), _parsed(right), f"{table}:{right['lead_id']}")


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns as values (SQLite hands them back as text or as values by version)."""
    return {
        k: json.loads(v) if k in ("signals", "contributions") and isinstance(v, str) else v
        for k, v in row.items()
    }


def test_the_set_based_path_stores_what_the_per_lead_loop_stores(
    loaded: SqlStore, spec: ScoringModel
) -> None:
    runs = [DEFAULT_END, LATER, LATER]
    got, got_reports = _rescored(loaded, rescore, spec, runs)
    want, want_reports = _rescored(loaded, rescore_each, spec, runs)
    for snapshot_got, snapshot_want in zip(got, want, strict=True):
        _assert_same_store(snapshot_got, snapshot_want)
    assert [(r.scored, r.changed) for r in got_reports] == [
        (r.scored, r.changed) for r in want_reports
    ]
    stages = {row["stage"] for row in got[0]["scores"]}
    assert {"lead", "mql", "nurture", "disqualified", "sql", "opportunity"} <= stages
    assert "customer" in {row["stage"] for row in got[1]["scores"]}
    applied = {line["rule"] for row in got[0]["scores"] for line in _parsed(row)["contributions"]}
    assert {"operations", "marketing"} <= applied


def test_a_later_rescore_adds_history_only_where_a_score_changed(
    loaded: SqlStore, spec: ScoringModel
) -> None:
    (first, second, third), reports = _rescored(loaded, rescore, spec, [DEFAULT_END, LATER, LATER])
    fields = ("fit", "engagement", "total", "tier", "grade", "stage")

    def signature(row: dict[str, Any]) -> tuple[object, ...]:
        return tuple(round(v, 6) if isinstance(v, float) else v for v in map(row.get, fields))

    before = {row["lead_id"]: signature(row) for row in first["scores"]}
    changed = sorted(
        row["lead_id"] for row in second["scores"] if signature(row) != before[row["lead_id"]]
    )
    assert 0 < len(changed) < len(before)
    added = [row for row in second["score_history"] if row["as_of"] == LATER]
    assert sorted(row["lead_id"] for row in added) == changed
    assert len(second["score_history"]) == len(first["score_history"]) + len(changed)
    assert reports[1].changed == len(changed)
    assert reports[2].changed == 0
    assert third == second


def test_many_named_leads_are_scored_set_wise_like_the_loop(
    loaded: SqlStore, spec: ScoringModel
) -> None:
    with loaded.transaction() as tx:
        ids = [i for n, i in enumerate(sorted(x.lead_id for x in tx.leads.all())) if n % 4 != 3]
    assert len(ids) > PER_LEAD_QUERIES_UP_TO
    [got], _ = _rescored(loaded, rescore, spec, [DEFAULT_END], only=set(ids))
    [want], _ = _rescored(loaded, rescore_each, spec, [DEFAULT_END], only=set(ids))
    _assert_same_store(got, want)
    assert {row["lead_id"] for row in got["scores"]} == set(ids)


def test_progress_counts_every_lead_once(loaded: SqlStore, spec: ScoringModel) -> None:
    told: list[int] = []
    _rescored(loaded, rescore, spec, [DEFAULT_END], progress=told.append)
    with loaded.transaction() as tx:
        assert sum(told) == tx.leads.count()
