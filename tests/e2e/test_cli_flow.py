"""The CLI contract, driven as a user would."""

from __future__ import annotations

import csv
import io
import json

from leadscore.simulate import DEFAULT_END, SimulationResult
from tests.e2e.conftest import Run

AS_OF = DEFAULT_END.isoformat()
LIST_COLUMNS = ["lead_id", "fit", "engagement", "total", "tier", "grade", "stage", "signals"]


def _load(run: Run, funnel: SimulationResult) -> None:
    assert run("init").exit_code == 0
    assert run("ingest", "leads", str(funnel.leads_path), "--no-score").exit_code == 0
    assert run("ingest", "events", str(funnel.events_path), "--no-score").exit_code == 0
    result = run("score", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert f"{funnel.leads:,} leads scored" in result.stderr


def test_ingest_score_list_explain(run: Run, small_funnel: SimulationResult) -> None:
    _load(run, small_funnel)
    listed = run("leads", "--format", "csv", "--limit", "0")
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert list(rows[0].keys()) == LIST_COLUMNS
    assert len(rows) == small_funnel.leads
    totals = [float(row["total"]) for row in rows]
    assert totals == sorted(totals, reverse=True)

    as_json = json.loads(run("leads", "--format", "json", "--limit", "5").stdout)
    assert [item["lead_id"] for item in as_json] == [row["lead_id"] for row in rows[:5]]
    assert isinstance(as_json[0]["signals"], list)

    hot = run("leads", "--tier", "hot", "--format", "json", "--limit", "0")
    assert all(item["tier"] == "hot" for item in json.loads(hot.stdout))

    explained = json.loads(run("explain", rows[0]["lead_id"], "--format", "json").stdout)
    points = sum(line["points"] for line in explained["score"]["contributions"])
    assert abs(points - explained["score"]["total"]) < 1e-6
    table = run("explain", rows[0]["lead_id"])
    assert "Every point explained" in table.stdout


def test_decisions_move_stages(run: Run, small_funnel: SimulationResult) -> None:
    _load(run, small_funnel)
    lead_id = json.loads(run("leads", "--format", "json", "--limit", "1").stdout)[0]["lead_id"]
    too_few = run("decide", lead_id, "accept", "--bant", "budget")
    assert too_few.exit_code == 2
    assert "at least 3" in too_few.stderr
    accepted = run("decide", lead_id, "accept", "--bant", "budget,authority", "--bant", "need")
    assert accepted.exit_code == 0, accepted.output
    assert "stage is now sql" in accepted.stderr
    assert run("decide", lead_id, "reject").exit_code == 2  # a rejection needs a reason
    rejected = run("decide", lead_id, "reject", "--reason", "no budget this year")
    assert "stage is now nurture" in rejected.stderr
    detail = json.loads(run("explain", lead_id, "--format", "json").stdout)
    assert [d["kind"] for d in detail["decisions"]] == ["accept", "reject"]
    assert detail["score"]["stage_history"][-1]["reason"].endswith("no budget this year")


def test_events_are_idempotent(run: Run, small_funnel: SimulationResult) -> None:
    _load(run, small_funnel)
    before = run("leads", "--format", "csv", "--limit", "0").stdout
    again = run("ingest", "events", str(small_funnel.events_path), "--no-score")
    assert again.exit_code == 0
    assert f"{small_funnel.events:,} already known" in again.stderr
    run("score", "--as-of", AS_OF)
    assert run("leads", "--format", "csv", "--limit", "0").stdout == before


def test_funnel_and_rules(run: Run, small_funnel: SimulationResult, tmp_path) -> None:
    _load(run, small_funnel)
    assert "Funnel" in run("funnel").stdout
    model = tmp_path / "model.yaml"
    assert run("rules", "init", str(model), db_arg=False).exit_code == 0
    assert run("rules", "init", str(model), db_arg=False).exit_code == 2  # no silent overwrite
    assert run("rules", "check", str(model), db_arg=False).exit_code == 0
    model.write_text(model.read_text().replace("hot: 100", "hot: 60"))
    applied = run("rules", "apply", str(model), "--as-of", AS_OF)
    assert applied.exit_code == 0, applied.output
    assert "version 2" in applied.stderr
    assert "2" in run("rules", "list").stdout
    hot = json.loads(run("leads", "--format", "json", "--limit", "0").stdout)
    assert all(item["tier"] == "hot" for item in hot if item["total"] >= 60)


def test_uninitialised_database_is_refused(run: Run) -> None:
    result = run("leads")
    assert result.exit_code == 2
    assert "leadscore init" in result.stderr


def test_unknown_lead_is_a_clear_error(run: Run) -> None:
    run("init")
    result = run("explain", "nobody")
    assert result.exit_code == 2
    assert "no lead with id 'nobody'" in result.stderr
