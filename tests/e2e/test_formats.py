"""The same funnel through CSV, Parquet and a mapping file scores the same."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from typer.testing import CliRunner

from leadscore.cli.app import app
from leadscore.simulate import DEFAULT_END, SimulationResult

AS_OF = DEFAULT_END.isoformat()


def _scores(db: Path, leads: Path, events: Path, *extra: str) -> str:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", str(db)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("init")
    run("ingest", "leads", str(leads), "--no-score")
    run("ingest", "events", str(events), "--no-score", *extra)
    run("score", "--as-of", AS_OF)
    return run("leads", "--format", "csv", "--limit", "0")


def test_parquet_scores_like_csv(small_funnel: SimulationResult, tmp_path: Path) -> None:
    parquet = {}
    for name, path in (("leads", small_funnel.leads_path), ("events", small_funnel.events_path)):
        parquet[name] = tmp_path / f"{name}.parquet"
        pq.write_table(pa_csv.read_csv(path), parquet[name])
    from_csv = _scores(tmp_path / "a.db", small_funnel.leads_path, small_funnel.events_path)
    from_parquet = _scores(tmp_path / "b.db", parquet["leads"], parquet["events"])
    assert from_csv == from_parquet


def test_mapping_file_reads_another_layout(tmp_path: Path) -> None:
    leads = tmp_path / "crm.csv"
    leads.write_text("Lead,Sector\nX1,software\n")
    visits = tmp_path / "visits.csv"
    visits.write_text(
        "Visit,Who,What,When,Page\n"
        "v1,X1,Demo Form,01-03-2026,/demo\n"
        "v2,X1,Page Visited,02-03-2026,/pricing\n"
    )
    lead_map = tmp_path / "lead-map.yaml"
    lead_map.write_text("columns: {lead_id: Lead, industry: Sector}\n")
    event_map = tmp_path / "event-map.yaml"
    event_map.write_text(
        "columns: {event_id: Visit, lead_id: Who, type: What, occurred_at: When, url: Page}\n"
        "values:\n  type: {Demo Form: demo_request, Page Visited: page_view}\n"
        'timestamp_format: "%d-%m-%Y"\n'
    )
    runner = CliRunner()
    db = str(tmp_path / "m.db")
    for args in (
        ["init"],
        ["ingest", "leads", str(leads), "--mapping", str(lead_map)],
        ["ingest", "events", str(visits), "--mapping", str(event_map), "--as-of", "2026-03-05"],
    ):
        result = runner.invoke(app, [*args, "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    detail = json.loads(
        runner.invoke(app, ["explain", "X1", "--format", "json", "--db", db]).stdout
    )
    rules = {line["rule"] for line in detail["score"]["contributions"]}
    assert {"target industry", "demo requested", "pricing page"} <= rules
    assert detail["score"]["stage"] == "mql"
