"""Rescoring the store set-wise stores exactly what the per-lead loop stores: the same
current scores, score history and stage history, on every store, for a simulated funnel
with sales decisions and leads in every stage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from leadscore.demo import _acceptances, _outcomes
from leadscore.domain import DecisionKind, SalesDecision
from leadscore.rescore import PER_LEAD_QUERIES_UP_TO, rescore, rescore_each
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, SimulationResult, simulate
from leadscore.spec import ScoringModel, load_spec_text
from leadscore.spec.template import template_text
from leadscore.stores import SqlStore
from tests.contract.snapshots import assert_same_store, parsed, rescored

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


def test_the_set_based_path_stores_what_the_per_lead_loop_stores(
    loaded: SqlStore, spec: ScoringModel
) -> None:
    runs = [DEFAULT_END, LATER, LATER]
    got, got_reports = rescored(loaded, rescore, spec, runs)
    want, want_reports = rescored(loaded, rescore_each, spec, runs)
    for snapshot_got, snapshot_want in zip(got, want, strict=True):
        assert_same_store(snapshot_got, snapshot_want)
    assert [(r.scored, r.changed) for r in got_reports] == [
        (r.scored, r.changed) for r in want_reports
    ]
    stages = {row["stage"] for row in got[0]["scores"]}
    assert {"lead", "mql", "nurture", "disqualified", "sql", "opportunity"} <= stages
    assert "customer" in {row["stage"] for row in got[1]["scores"]}
    applied = {line["rule"] for row in got[0]["scores"] for line in parsed(row)["contributions"]}
    assert {"operations", "marketing"} <= applied


def test_a_later_rescore_adds_history_only_where_a_score_changed(
    loaded: SqlStore, spec: ScoringModel
) -> None:
    (first, second, third), reports = rescored(loaded, rescore, spec, [DEFAULT_END, LATER, LATER])
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
    [got], _ = rescored(loaded, rescore, spec, [DEFAULT_END], only=set(ids))
    [want], _ = rescored(loaded, rescore_each, spec, [DEFAULT_END], only=set(ids))
    assert_same_store(got, want)
    assert {row["lead_id"] for row in got["scores"]} == set(ids)


def test_progress_counts_every_lead_once(loaded: SqlStore, spec: ScoringModel) -> None:
    told: list[int] = []
    rescored(loaded, rescore, spec, [DEFAULT_END], progress=told.append)
    with loaded.transaction() as tx:
        assert sum(told) == tx.leads.count()
