"""Training sets and outcome evaluation from the store, through the CLI, on a simulated
funnel: labels from outcomes.csv, point-in-time rows, bad input refused."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score
from typer.testing import CliRunner, Result

from leadscore.cli.app import app
from leadscore.domain import DecisionKind, Event, SalesDecision, Stage
from leadscore.domain.timeutil import parse_timestamp
from leadscore.engine.score_one import score_one
from leadscore.predict.outcome import Outcome
from leadscore.predict.outcome_evaluation import evaluate_outcome
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, SimulationResult, simulate

CUTOFF = DEFAULT_END - timedelta(days=100)
WITHIN = 60


def _outcomes(sim: SimulationResult) -> dict[str, tuple[datetime | None, datetime | None]]:
    with sim.outcomes_path.open(newline="", encoding="utf-8") as handle:
        return {
            row["lead_id"]: (
                parse_timestamp(row["sql_at"]) if row["sql_at"] else None,
                parse_timestamp(row["won_at"]) if row["won_at"] else None,
            )
            for row in csv.DictReader(handle)
        }


def _decisions(sim: SimulationResult) -> list[SalesDecision]:
    """The simulated sales team's acceptances (three BANT items) and wins."""
    made = []
    for lead_id, (sql_at, won_at) in _outcomes(sim).items():
        if sql_at is not None:
            made.append(
                SalesDecision(lead_id, DecisionKind.ACCEPT, sql_at, "sim", True, True, True)
            )
        if won_at is not None:
            made.append(SalesDecision(lead_id, DecisionKind.WON, won_at, "sim"))
    return made


def _store(sim: SimulationResult, path: Path) -> str:
    db = str(path / "store.db")
    service = LeadService.recreate(db)
    service.ingest_leads(sim.leads_path, score=False)
    service.ingest_events(sim.events_path, score=False)
    service.add_decisions(_decisions(sim), score=False)
    service.store.close()
    return db


@pytest.fixture
def store(tmp_path: Path, small_funnel: SimulationResult) -> str:
    """A store of its own, for a test that adds to it."""
    return _store(small_funnel, tmp_path)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory, small_funnel: SimulationResult) -> str:
    """One store for the tests that only read it."""
    return _store(small_funnel, tmp_path_factory.mktemp("store"))


def _cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _training_set(db: str, out: Path, *extra: str) -> pd.DataFrame:
    result = _cli("training-set", "--db", db, "--outcome", "sql", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return pd.read_parquet(out) if out.suffix == ".parquet" else pd.read_csv(out)


def test_training_set_labels_follow_the_outcomes(
    shared_store: str, small_funnel: SimulationResult, tmp_path: Path
) -> None:
    cutoff = CUTOFF.isoformat()
    table = _training_set(
        shared_store, tmp_path / "rows.csv", "--within", str(WITHIN), "--cutoff", cutoff
    )
    outcomes = _outcomes(small_funnel)
    leads = pd.read_csv(small_funnel.leads_path).set_index("lead_id")
    expected = {}
    for lead_id, (sql_at, _) in outcomes.items():
        born = parse_timestamp(leads.loc[lead_id, "created_at"])
        if born <= CUTOFF and (sql_at is None or sql_at > CUTOFF):
            expected[lead_id] = sql_at is not None and sql_at <= CUTOFF + timedelta(days=WITHIN)
    got = dict(zip(table["lead_id"], table[f"sql_within_{WITHIN}d"], strict=True))
    assert got == expected
    assert 0 < sum(got.values()) < len(got)
    assert {"rule_total", "stage_at_cutoff", "page_view_30d", "days_since_last_event"} <= set(
        table.columns
    )
    assert set(table["cutoff"]) == {cutoff}


def test_events_after_the_cutoff_cannot_change_the_training_rows(
    store: str, tmp_path: Path
) -> None:
    """Done-when of issue 5: the rows built before and after a burst of late activity (hand
    raises, pricing visits, a new event type, sales calls) are the same file."""
    args = ("--within", str(WITHIN), "--cutoff", CUTOFF.isoformat())
    before = tmp_path / "before.csv"
    lead_ids = list(_training_set(store, before, *args)["lead_id"][:60])
    service = LeadService.open(store)
    kinds = [("demo_request", {}), ("page_view", {"url": "/pricing"})]
    kinds += [("sales_conversation", {"topic": "budget"}), ("a_new_kind_of_event", {})]
    late = [
        Event(f"late-{lead_id}-{n}", lead_id, kind, CUTOFF + timedelta(seconds=1 + n * 3600), props)
        for lead_id in lead_ids
        for n, (kind, props) in enumerate(kinds)
    ]
    report = service.add_events(late, score=False)
    assert report.stored == len(late)
    after = tmp_path / "after.csv"
    _training_set(store, after, *args)
    assert after.read_bytes() == before.read_bytes()
    # while an event exactly at the cutoff was known then
    service.add_events([Event("at-cutoff", lead_ids[0], "demo_request", CUTOFF)], score=False)
    was = pd.read_csv(before).set_index("lead_id").loc[lead_ids[0], "demo_request_7d"]
    now = _training_set(store, tmp_path / "with-one-at-the-cutoff.csv", *args)
    assert now.set_index("lead_id").loc[lead_ids[0], "demo_request_7d"] == was + 1


def test_rule_score_evaluation_agrees_with_scikit_learn(shared_store: str) -> None:
    service = LeadService.open(shared_store)
    _, spec = service.active_model()
    result = evaluate_outcome(service.histories(), spec, Outcome.sql, WITHIN, CUTOFF)
    table = result.rows.table
    labels = table[result.rows.label].astype(int)
    assert result.evaluation.roc_auc == pytest.approx(roc_auc_score(labels, table["rule_total"]))
    assert result.evaluation.pr_auc == pytest.approx(
        average_precision_score(labels, table["rule_total"])
    )
    by_tier = table.groupby("rule_tier")[result.rows.label].agg(["count", "mean"])
    for band in result.evaluation.tiers or []:
        if band.count:
            assert (band.count, band.rate) == pytest.approx(tuple(by_tier.loc[band.band]))
    assert result.as_of == CUTOFF


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--outcome", "sql", "--cutoff", "next tuesday"), "--cutoff: not an ISO 8601"),
        (("--outcome", "sql", "--cutoff", "mql", "--cutoff", "2026-01-01"), "cannot be combined"),
        (("--outcome", "sql", "--cutoff", DEFAULT_END.isoformat()), "censored"),
        (
            (
                "--outcome",
                "won",
            ),
            "Invalid value for '--outcome'",
        ),
        (("--outcome", "sql", "--within", "0"), "Invalid value for '--within'"),
    ],
)
def test_bad_input_is_refused(
    shared_store: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "rows.csv"
    result = _cli("training-set", "--db", shared_store, "--out", str(out), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_an_empty_store_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    assert _cli("init", "--db", db).exit_code == 0
    result = _cli("training-set", "--db", db, "--outcome", "sql", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert "no events or decisions" in result.output


def test_evaluate_from_the_store_agrees_with_scikit_learn(
    shared_store: str, tmp_path: Path
) -> None:
    report = tmp_path / "evaluation.json"
    args = ["--outcome", "sql", "--within", str(WITHIN), "--as-of", CUTOFF.isoformat()]
    result = _cli("evaluate", "--db", shared_store, *args, "--json", str(report))
    assert result.exit_code == 0, result.output
    assert "ROC AUC" in result.stdout
    figures = json.loads(report.read_text(encoding="utf-8"))
    rows = _training_set(shared_store, tmp_path / "rows.csv", *args[2:4], "--cutoff", args[-1])
    labels = rows[f"sql_within_{WITHIN}d"].astype(int)
    assert figures["rows"] == len(rows)
    assert figures["positives"] == labels.sum()
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(labels, rows["rule_total"]))
    assert figures["pr_auc"] == pytest.approx(average_precision_score(labels, rows["rule_total"]))
    by_grade = rows.groupby("rule_grade")[f"sql_within_{WITHIN}d"].agg(["count", "sum"])
    for band in figures["grades"]:
        expected = tuple(by_grade.loc[band["band"]]) if band["band"] in by_grade.index else (0, 0)
        assert (band["count"], band["positives"]) == expected
    assert figures["as_of"] == CUTOFF.isoformat()


def test_evaluate_refuses_mixing_store_and_file_modes(shared_store: str, tmp_path: Path) -> None:
    data = tmp_path / "scored.csv"
    data.write_text("score,converted\n1,1\n0,0\n", encoding="utf-8")
    args = ("--data", str(data), "--target", "converted", "--outcome", "sql")
    result = _cli("evaluate", "--db", shared_store, *args)
    assert result.exit_code == 2
    assert "--outcome reads the store" in result.output


@pytest.mark.slow
def test_train_from_the_store_keeps_its_point_in_time_table(tmp_path: Path) -> None:
    """Two snapshots of 1,000 simulated leads (about 30 conversions): the model is trained
    on exactly the rows `training-set` exports, validated by a time split on the cutoff."""
    store = _store(simulate(tmp_path / "sim", leads=1_000, seed=11), tmp_path)
    model = tmp_path / "model"
    cutoffs = [(DEFAULT_END - timedelta(days=days)).isoformat() for days in (70, 100)]
    args = ["--outcome", "sql", "--within", str(WITHIN), "--folds", "2"]
    args += [arg for cutoff in cutoffs for arg in ("--cutoff", cutoff)]
    result = _cli("train", "--db", store, *args, "--out", str(model))
    assert result.exit_code == 0, result.output
    kept = pd.read_parquet(model / "training-set.parquet")
    exported = _training_set(store, tmp_path / "rows.parquet", *args[2:4], *args[6:])
    pd.testing.assert_frame_equal(kept, exported)
    features = json.loads((model / "features.json").read_text(encoding="utf-8"))
    assert features["target"] == f"sql_within_{WITHIN}d"
    assert (features["id_column"], features["time_column"]) == ("lead_id", "cutoff")
    assert "rule_total" in features["features"]
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    assert "time split on 'cutoff'" in metrics["validation"]
    current = tmp_path / "current.parquet"  # today's leads, scored by the model
    rows = _training_set(store, current, "--unlabelled")
    assert f"sql_within_{WITHIN}d" not in rows.columns
    scored = tmp_path / "scored.csv"
    result = _cli("predict", "--model", str(model), "--data", str(current), "--out", str(scored))
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(scored)["lead_id"]) == list(rows["lead_id"])


def test_train_refuses_mixing_store_and_file_modes(shared_store: str, tmp_path: Path) -> None:
    args = ("--outcome", "sql", "--data", "x.csv", "--out", str(tmp_path / "m"))
    result = _cli("train", "--db", shared_store, *args)
    assert result.exit_code == 2
    assert "--outcome trains on the store" in result.output
    assert not (tmp_path / "m").exists()


def test_mql_cutoffs_give_each_mql_one_row_at_its_mql_moment(
    shared_store: str, tmp_path: Path
) -> None:
    table = _training_set(shared_store, tmp_path / "mql.csv", "--cutoff", "mql")
    assert table["lead_id"].is_unique
    assert set(table["stage_at_cutoff"]) == {"mql"}
    service = LeadService.open(shared_store)
    _, spec = service.active_model()
    histories = {history.lead.lead_id: history for history in service.histories()}
    for lead_id, cutoff in zip(table["lead_id"], table["cutoff"], strict=True):
        history = histories[lead_id]
        before = parse_timestamp(cutoff) - timedelta(microseconds=1)
        card = score_one(spec, history.lead, history.events, before, history.decisions)
        assert card.stage != Stage.MQL and Stage.MQL not in {t.to_stage for t in card.transitions}


def test_evaluate_at_each_leads_mql_moment(shared_store: str, tmp_path: Path) -> None:
    report = tmp_path / "evaluation.json"
    args = ["--outcome", "sql", "--within", str(WITHIN)]
    result = _cli("evaluate", "--db", shared_store, *args, "--as-of", "mql", "--json", str(report))
    assert result.exit_code == 0, result.output
    figures = json.loads(report.read_text(encoding="utf-8"))
    rows = _training_set(shared_store, tmp_path / "rows.csv", *args[2:], "--cutoff", "mql")
    labels = rows[f"sql_within_{WITHIN}d"].astype(int)
    assert (figures["as_of"], figures["rows"]) == ("mql", len(rows))
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(labels, rows["rule_total"]))
    bad = _cli("evaluate", "--db", shared_store, *args, "--as-of", "someday")
    assert bad.exit_code == 2
    assert "not an ISO 8601 timestamp" in bad.output
