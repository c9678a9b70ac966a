"""`leadscore score --db URL` rescores the store set-wise and leaves it as the per-lead loop
would: the same scores, score history and stage history, decisions included."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from leadscore.cli.app import app
from leadscore.rescore import rescore_each
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, SimulationResult
from tests.contract.snapshots import assert_same_store, rescored, snapshot

AS_OF = DEFAULT_END.isoformat()
DECIDED = (DEFAULT_END - timedelta(days=5)).isoformat()


def test_score_with_a_database_url(tmp_path: Path, small_funnel: SimulationResult) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", url], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stderr

    run("init")
    run("ingest", "leads", str(small_funnel.leads_path), "--no-score")
    run("ingest", "events", str(small_funnel.events_path), "--no-score")
    accepted = ("decide", "L000002", "accept", "--bant", "budget,authority,need")
    run(*accepted, "--at", DECIDED)
    run("decide", "L000003", "reject", "--reason", "no budget", "--at", DECIDED)
    run("decide", "L000004", "disqualify", "--reason", "competitor", "--at", DECIDED)

    told = run("score", "--as-of", AS_OF)
    assert f"{small_funnel.leads:,} leads scored as of" in told

    service = LeadService.open(url)
    _, spec = service.active_model()
    with service.store.engine.connect() as connection:
        stored = snapshot(connection)
    [by_loop], _ = rescored(service.store, rescore_each, spec, [DEFAULT_END])
    assert_same_store(stored, by_loop)
    stages = {row["stage"] for row in stored["scores"]}
    assert {"lead", "mql", "sql", "nurture", "disqualified"} <= stages

    mql = next(row["lead_id"] for row in stored["scores"] if row["stage"] == "mql")
    shown = runner.invoke(app, ["explain", mql, "--format", "json", "--db", url])
    detail = json.loads(shown.stdout)
    assert detail["score"]["stage_history"][-1]["to_stage"] == "mql"
    lines = detail["score"]["contributions"]
    assert any(line["event_ids"] for line in lines)
    assert abs(sum(line["points"] for line in lines) - detail["score"]["total"]) < 1e-6

    again = run("score", "--as-of", AS_OF)
    assert "0 changed" in again
