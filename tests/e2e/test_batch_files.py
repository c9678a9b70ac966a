"""`leadscore score --leads FILE ...`: set-based scoring of files, equal to the store path."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from leadscore.cli.app import app
from leadscore.simulate import DEFAULT_END, SimulationResult
from leadscore.spec import template_path

AS_OF = DEFAULT_END.isoformat()


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_file_mode_matches_the_store(small_funnel: SimulationResult, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    code, _, err = _cli(
        "score",
        "--leads",
        str(small_funnel.leads_path),
        "--events",
        str(small_funnel.events_path),
        "--rules",
        str(template_path()),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--explain",
    )
    assert code == 0, err
    with out.open(newline="") as handle:
        batch = {row["lead_id"]: row for row in csv.DictReader(handle)}
    assert len(batch) == small_funnel.leads
    assert "pricing page" in next(iter(batch.values()))  # --explain adds rule columns

    db = str(tmp_path / "store.db")
    for args in (
        ["init"],
        ["ingest", "leads", str(small_funnel.leads_path), "--no-score"],
        ["ingest", "events", str(small_funnel.events_path), "--no-score"],
        ["score", "--as-of", AS_OF],
    ):
        assert _cli(*args, "--db", db)[0] == 0
    stored = json.loads(_cli("leads", "--format", "json", "--limit", "0", "--db", db)[1])
    for item in stored:
        row = batch[item["lead_id"]]
        assert float(row["total"]) == pytest.approx(item["total"], rel=1e-9, abs=1e-6)
        assert (row["tier"], row["grade"], row["stage"]) == (
            item["tier"],
            item["grade"],
            item["stage"],
        )
        assert row["signals"] == ";".join(item["signals"])


def test_a_fit_only_model_scores_a_plain_table(tmp_path: Path) -> None:
    leads = tmp_path / "accounts.csv"
    leads.write_text("Account,employees,industry\nA1,800,software\nA2,12,retail\n")
    model = tmp_path / "fit.yaml"
    model.write_text(
        "name: fit-only\nfit:\n  rules:\n"
        "    - {name: mid-market, when: {attribute: employees, between: [200, 5000]}, points: 20}\n"
        "    - {name: software, when: {attribute: industry, equals: Software}, points: 15}\n"
    )
    out = tmp_path / "scored.parquet"
    code, _, err = _cli(
        "score", "--leads", str(leads), "--rules", str(model), "--out", str(out), "--id", "Account"
    )
    assert code == 0, err
    rows = pq.read_table(out).to_pylist()
    assert [(r["lead_id"], r["fit"], r["stage"]) for r in rows] == [
        ("A1", 35.0, "mql"),
        ("A2", 0.0, "mql"),  # the default MQL thresholds are 0 and 0
    ]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_bad_input_names_the_problem_and_writes_nothing(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")
    leads = tmp_path / "leads.csv"
    leads.write_text("lead_id,industry\nA,software\n")
    model = tmp_path / "m.yaml"
    model.write_text(
        "name: m\nfit:\n  rules:\n"
        "    - {name: size, when: {attribute: employees, at_least: 10}, points: 5}\n"
    )
    out = tmp_path / "out.csv"
    code, _, err = _cli(
        "score", "--leads", str(leads), "--rules", str(model), "--out", str(out), "--engine", engine
    )
    assert code == 2 and "'employees'" in err
    assert not out.exists()

    events = tmp_path / "events.csv"
    events.write_text(
        "event_id,lead_id,type,occurred_at,properties\n"
        "e1,A,page_view,2026-03-01T10:00:00Z,{}\ne2,A,page_view,not-a-time,{}\n"
    )
    code, _, err = _cli(
        "score",
        "--leads",
        str(leads),
        "--events",
        str(events),
        "--rules",
        str(template_path()),
        "--out",
        str(out),
        "--engine",
        engine,
    )
    assert code == 2 and "row 2" in err and "occurred_at" in err and "'not-a-time'" in err
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_output_is_readable_like_any_new_file(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("lead_id\nA\n")
    model = tmp_path / "m.yaml"
    model.write_text("name: empty\n")
    out = tmp_path / "out.csv"
    code, _, err = _cli("score", "--leads", str(leads), "--rules", str(model), "--out", str(out))
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not a temporary file's 0600


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_beyond_the_set_based_sums_are_replayed(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A half-life of minutes over weeks of history: the stage comes from the replay."""
    if engine == "spark":
        request.getfixturevalue("spark")
    (tmp_path / "people.csv").write_text("lead_id,employees\nlong,500\nshort,500\n")
    (tmp_path / "activity.csv").write_text(
        "event_id,lead_id,type,occurred_at\n"
        "a,long,visit,2026-01-01T00:00:00Z\nb,long,visit,2026-01-20T00:00:00Z\n"
        "c,long,visit,2026-01-20T00:01:00Z\nd,short,visit,2026-01-20T00:00:00Z\n"
    )
    (tmp_path / "model.yaml").write_text(
        "name: fast\nengagement:\n  half_life_days: 0.01\n  rules:\n"
        "    - {name: visit, event: visit, points: 10}\n"
        "lifecycle:\n  mql: {engagement_at_least: 15}\n"
    )
    out = tmp_path / "scores.csv"
    code, _, err = _cli(
        "score", "--leads", str(tmp_path / "people.csv"), "--events",
        str(tmp_path / "activity.csv"), "--rules", str(tmp_path / "model.yaml"),
        "--out", str(out), "--as-of", "2026-01-20T00:01:00Z", "--engine", engine,
    )  # fmt: skip
    assert code == 0, err
    assert "(1 replayed by the real-time engine)" in " ".join(err.split())
    with out.open(newline="") as handle:
        stages = {row["lead_id"]: row["stage"] for row in csv.DictReader(handle)}
    assert stages == {"long": "mql", "short": "lead"}
