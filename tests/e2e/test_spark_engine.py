"""`leadscore score --engine spark`: the DuckDB job on PySpark, with the same results, and
with warehouse tables (`table:NAME`) as inputs."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from leadscore.cli.app import app
from leadscore.simulate import DEFAULT_END, SimulationResult
from leadscore.spec import template_path

AS_OF = DEFAULT_END.isoformat()
CLI = "import sys; from leadscore.cli.app import main; sys.argv[0] = 'leadscore'; main()"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def _score(engine: str, out: Path, *args: str) -> dict[str, dict[str, Any]]:
    code, err = _cli("score", "--engine", engine, "--out", str(out), "--as-of", AS_OF, *args)
    assert code == 0, err
    return {row["lead_id"]: row for row in pq.read_table(out).to_pylist()}


def _same(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> None:
    """Numbers within 1e-9 (relative), everything else equal, lead by lead."""
    assert left.keys() == right.keys()
    for lead_id, row in left.items():
        assert row.keys() == right[lead_id].keys()
        for name, value in row.items():
            other = right[lead_id][name]
            if isinstance(value, float):
                assert math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9), (lead_id, name)
            else:
                assert value == other, (lead_id, name, value, other)


@pytest.mark.spark
def test_spark_scores_a_simulated_funnel_as_duckdb_does(
    spark: Any, small_funnel: SimulationResult, tmp_path: Path
) -> None:
    inputs = ["--leads", str(small_funnel.leads_path), "--events", str(small_funnel.events_path)]
    inputs += ["--rules", str(template_path()), "--explain"]
    on_spark = _score("spark", tmp_path / "spark.parquet", *inputs)
    on_duckdb = _score("duckdb", tmp_path / "duckdb.parquet", *inputs)
    assert len(on_spark) == small_funnel.leads
    assert pq.read_schema(tmp_path / "spark.parquet") == pq.read_schema(tmp_path / "duckdb.parquet")
    _same(on_spark, on_duckdb)
    assert spark.range(3).count() == 3  # the shared session was used and left running


LEADS = "lead_id,employees,industry\nA,800,software\nB,12,retail\nC,,\n"
MODEL = """
name: small
fit:
  rules:
    - {name: mid-market, when: {attribute: employees, between: [200, 5000]}, points: 20}
    - {name: software, when: {attribute: industry, equals: Software}, points: 15}
engagement:
  half_life_days: 30
  rules:
    - {name: pricing page, event: page_view, where: {url: {matches: /pricing}}, points: 10}
    - {name: demo, event: demo_request, points: 40}
    - {name: opened, event: email_open, points: 1}
signals:
  - {name: demo request, event: demo_request, within_days: 30}
lifecycle:
  mql: {fit_at_least: 20, engagement_at_least: 30, or_signals: [demo request]}
"""
EVENTS = (
    "event_id,lead_id,type,occurred_at,properties\n"
    'e1,A,page_view,2026-03-01T10:00:00Z,"{""url"": ""/pricing""}"\n'
    'e2,A,page_view,2026-03-02T10:00:00+02:00,"{""url"": ""/pricing""}"\n'
    "e3,A,demo_request,2026-03-03T10:00:00.5Z,{}\n"
    "e4,B,email_open,2026-03-03 09:00:00,{}\n"
    'e1,A,page_view,2026-03-01T10:00:00Z,"{""url"": ""/pricing""}"\n'
)


@pytest.mark.spark
def test_warehouse_tables_score_as_their_files_do(spark: Any, tmp_path: Path) -> None:
    """A temporary view and a global one (`global_temp.NAME`) stand in for warehouse
    tables; their ids are numbers and their times timestamps, as a warehouse keeps them."""
    (tmp_path / "leads.csv").write_text(
        "lead_id,employees,industry\n1,800,software\n2,12,retail\n3,,\n"
    )
    (tmp_path / "events.csv").write_text(EVENTS.replace(",A,", ",1,").replace(",B,", ",2,"))
    (tmp_path / "model.yaml").write_text(MODEL)
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW crm_leads AS SELECT * FROM VALUES (1, 800, 'software'), "
        "(2, 12, 'retail'), (3, NULL, NULL) AS t(lead_id, employees, industry)"
    )
    spark.read.csv(str(tmp_path / "events.csv"), header=True, escape='"').selectExpr(
        "event_id", "CAST(lead_id AS BIGINT) AS lead_id", "type", "properties",
        "CAST(occurred_at AS TIMESTAMP) AS occurred_at",
    ).createOrReplaceGlobalTempView("web_events")  # fmt: skip
    rules = ["--rules", str(tmp_path / "model.yaml"), "--explain"]
    tables = _score(
        "spark",
        tmp_path / "tables.parquet",
        *["--leads", "table:crm_leads", "--events", "table:global_temp.web_events", *rules],
    )
    files = _score(
        "duckdb",
        tmp_path / "files.parquet",
        *["--leads", str(tmp_path / "leads.csv"), "--events", str(tmp_path / "events.csv")],
        *rules,
    )
    assert sorted(tables) == ["1", "2", "3"]
    assert (tables["1"]["fit"], tables["2"]["fit"], tables["3"]["fit"]) == (35.0, 0.0, 0.0)
    _same(tables, files)


@pytest.mark.spark
def test_catalog_table_errors_are_one_line(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    rules = ["--rules", str(template_path()), "--out", str(out)]
    code, err = _cli("score", "--engine", "spark", "--leads", "table:nowhere.leads", *rules)
    assert code == 2
    assert "table:nowhere.leads:" in err and "TABLE_OR_VIEW_NOT_FOUND" in err
    assert len(err.strip().splitlines()) == 1
    code, err = _cli("score", "--engine", "spark", "--leads", "table:x; DROP TABLE y", *rules)
    assert code == 2 and "not a table name" in err
    spark.sql("CREATE OR REPLACE TEMP VIEW late_events AS SELECT 'e1' AS event_id, "
              "'A' AS lead_id, 'visit' AS type, 'last week' AS occurred_at")  # fmt: skip
    (tmp_path / "leads.csv").write_text(LEADS)
    code, err = _cli(
        "score", "--engine", "spark", "--leads", str(tmp_path / "leads.csv"),
        "--events", "table:late_events", *rules,
    )  # fmt: skip
    assert code == 2 and "table:late_events: event 'e1': occurred_at" in err
    assert not out.exists()


def test_catalog_tables_need_the_spark_engine(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, err = _cli(
        "score", "--leads", "table:crm.leads", "--rules", str(template_path()), "--out", str(out)
    )
    assert code == 2 and "table:crm.leads: catalog tables are read by the Spark engine" in err


def test_the_store_is_not_rescored_on_spark(tmp_path: Path) -> None:
    code, err = _cli("score", "--engine", "spark", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "--engine applies to file mode" in err
    assert not (tmp_path / "x.db").exists()


def _leadscore(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_without_pyspark_the_spark_engine_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS)
    blocked = "import sys; sys.modules['pyspark'] = None; " + CLI
    result = subprocess.run(
        [sys.executable, "-c", blocked, "score", "--engine", "spark", "--leads",
         str(tmp_path / "leads.csv"), "--rules", str(template_path()), "--out",
         str(tmp_path / "out.csv")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "pip install 'leadscore[spark]'" in result.stderr


@pytest.mark.spark
def test_a_run_of_its_own_starts_a_quiet_session_from_the_environment(tmp_path: Path) -> None:
    """No shared session here: the CLI starts its own on LEADSCORE_SPARK_MASTER and says
    nothing but the error (no log lines, no JSON)."""
    (tmp_path / "leads.csv").write_text(LEADS)
    result = _leadscore(
        "score", "--engine", "spark", "--leads", "table:nowhere.leads",
        "--rules", str(template_path()), "--out", str(tmp_path / "out.csv"),
        env={"LEADSCORE_SPARK_MASTER": "local[1]"},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if "incubator modules" not in line]
    assert len(lines) == 1 and "table:nowhere.leads" in lines[0], result.stderr
    assert not (tmp_path / "out.csv").exists()
