"""Bad input: a clear message naming the place, exit code 2, stored data untouched."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Run

LEADS = "lead_id,email,company\nA,a@acme.com,Acme\nB,b@beta.io,Beta\n"
EVENTS = (
    "event_id,lead_id,type,occurred_at,properties\n"
    'e1,A,page_view,2026-03-01T10:00:00Z,"{""url"": ""/pricing""}"\n'
    "e2,A,demo_request,2026-03-02T10:00:00Z,{}\n"
)
BAD_EVENTS = (
    "event_id,lead_id,type,occurred_at,properties\n"
    "e3,B,page_view,2026-03-03T10:00:00Z,{}\n"
    "e4,B,page_view,yesterday-ish,{}\n"
)


def _setup(run: Run, tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS)
    (tmp_path / "events.csv").write_text(EVENTS)
    assert run("init").exit_code == 0
    assert run("ingest", "leads", str(tmp_path / "leads.csv")).exit_code == 0
    assert run("ingest", "events", str(tmp_path / "events.csv")).exit_code == 0


def test_bad_timestamp_names_row_and_leaves_database_unchanged(run: Run, tmp_path: Path) -> None:
    _setup(run, tmp_path)
    before = run("leads", "--format", "csv").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_EVENTS)
    result = run("ingest", "events", str(bad))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "bad.csv" in message and "row 2" in message and "occurred_at" in message
    assert run("leads", "--format", "csv").stdout == before
    explained = run("explain", "B", "--format", "json").stdout
    assert "e3" not in explained  # the good row of the bad batch was not written either


def test_malformed_scoring_model_names_line_and_key(run: Run, tmp_path: Path) -> None:
    model = tmp_path / "broken.yaml"
    model.write_text(
        "name: broken\n"
        "engagement:\n"
        "  rules:\n"
        "    - {name: pricing, event: page_view, points: 10, cap: 0}\n"
        "    - {name: demo, event: demo_request, pionts: 40}\n"
    )
    result = run("rules", "check", str(model), db_arg=False)
    assert result.exit_code == 2
    assert "broken.yaml:4: engagement.rules[0].cap" in result.stderr
    assert "broken.yaml:5: engagement.rules[1].pionts: unknown key" in result.stderr


def test_apply_of_a_bad_model_keeps_the_active_one(run: Run, tmp_path: Path) -> None:
    _setup(run, tmp_path)
    model = tmp_path / "bad.yaml"
    model.write_text("name: x\ntiers: {cold: 0, warm: zero}\n")
    result = run("rules", "apply", str(model))
    assert result.exit_code == 2
    assert "bad.yaml:2: tiers.warm" in result.stderr
    assert "b2b-saas" in run("rules", "list").stdout
    assert "2" not in run("rules", "list").stdout.split("b2b-saas")[0].split("\n")[-1]


def test_bad_as_of_is_a_usage_error(run: Run) -> None:
    run("init")
    result = run("score", "--as-of", "last tuesday")
    assert result.exit_code == 2


def test_markup_in_data_is_printed_as_text(run: Run, tmp_path: Path) -> None:
    events = tmp_path / "odd.csv"
    events.write_text(
        "event_id,lead_id,type,occurred_at,properties\ne1,[/x],demo_request,2026-03-01,{}\n"
    )
    assert run("init").exit_code == 0
    assert run("ingest", "events", str(events)).exit_code == 0
    assert "[/x]" in run("leads").stdout
    rejected = run("decide", "[/x]", "reject", "--reason", "[bold]no[/] budget")
    assert rejected.exit_code == 0, rejected.output
    assert "[bold]no[/] budget" in run("explain", "[/x]").stdout


def test_unknown_tier_and_future_decisions_are_refused(run: Run, tmp_path: Path) -> None:
    _setup(run, tmp_path)
    tier = run("leads", "--tier", "scorching")
    assert tier.exit_code == 2 and "unknown tier 'scorching'" in tier.stderr
    future = run("decide", "A", "reject", "--reason", "x", "--at", "2999-01-01")
    assert future.exit_code == 2 and "future" in future.stderr


def test_file_system_errors_are_one_line(run: Run, tmp_path: Path) -> None:
    result = run("rules", "init", str(tmp_path / "missing-dir" / "m.yaml"), db_arg=False)
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr
    assert run("leads", "--db", "nope://x", db_arg=False).exit_code == 2
