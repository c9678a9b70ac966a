"""simulate(): the files it writes, their determinism and their invariants."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadscore.domain import parse_timestamp
from leadscore.simulate import DEFAULT_END, SimulationResult, simulate
from tests.unit.simulate.csvfiles import SMALL, read_rows

LEADS_HEADER = (
    "lead_id,email,first_name,last_name,title,company,domain,industry,employees,"
    "annual_revenue,country,source,created_at,do_not_email,do_not_call"
)
EVENT_TYPES = {
    "page_view",
    "email_open",
    "email_click",
    "email_reply",
    "email_unsubscribe",
    "email_bounce",
    "content_download",
    "webinar_attended",
    "social_engagement",
    "product_question",
    "demo_request",
    "trial_start",
    "contact_sales",
    "sales_conversation",
}


def _files(result: SimulationResult) -> list[bytes]:
    paths = (result.leads_path, result.events_path, result.outcomes_path)
    return [path.read_bytes() for path in paths]


def _first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n", 1)[0]


def test_headers_are_exactly_the_documented_ones(funnel: SimulationResult) -> None:
    assert _first_line(funnel.leads_path).startswith(LEADS_HEADER + ",")
    assert _first_line(funnel.events_path) == "event_id,lead_id,type,occurred_at,properties"
    assert _first_line(funnel.outcomes_path) == "lead_id,sql_at,won_at"


def test_same_seed_gives_identical_bytes(tmp_path: Path, funnel: SimulationResult) -> None:
    again = simulate(tmp_path, leads=SMALL, seed=11)
    assert _files(again) == _files(funnel)
    assert again.events == funnel.events


def test_different_seeds_give_different_funnels(tmp_path: Path, funnel: SimulationResult) -> None:
    other = simulate(tmp_path, leads=SMALL, seed=12)
    assert all(a != b for a, b in zip(_files(other), _files(funnel), strict=True))


def test_result_counts_match_the_files(funnel: SimulationResult) -> None:
    outcomes = read_rows(funnel.outcomes_path)
    assert funnel.leads == SMALL == len(read_rows(funnel.leads_path)) == len(outcomes)
    assert funnel.events == len(read_rows(funnel.events_path))
    assert funnel.sql == sum(1 for row in outcomes if row["sql_at"])
    assert funnel.won == sum(1 for row in outcomes if row["won_at"])


def test_event_ids_are_unique_and_grouped_by_lead_in_time_order(funnel: SimulationResult) -> None:
    events = read_rows(funnel.events_path)
    assert len({row["event_id"] for row in events}) == len(events)
    keys = [(row["lead_id"], row["occurred_at"], row["event_id"]) for row in events]
    assert keys == sorted(keys)


def test_events_fall_after_creation_and_not_after_end(funnel: SimulationResult) -> None:
    created = {
        row["lead_id"]: parse_timestamp(row["created_at"]) for row in read_rows(funnel.leads_path)
    }
    for row in read_rows(funnel.events_path):
        at = parse_timestamp(row["occurred_at"])
        assert created[row["lead_id"]] < at <= DEFAULT_END, row


def test_properties_are_json_objects_of_known_event_types(funnel: SimulationResult) -> None:
    for row in read_rows(funnel.events_path):
        properties = json.loads(row["properties"])
        assert isinstance(properties, dict)
        assert row["type"] in EVENT_TYPES
        if row["type"] == "page_view":
            assert properties["url"].startswith("/")
            assert isinstance(properties["seconds_on_page"], int)


def test_outcomes_are_consistent(funnel: SimulationResult) -> None:
    for row in read_rows(funnel.outcomes_path):
        if row["won_at"]:
            assert row["sql_at"], row
            assert parse_timestamp(row["won_at"]) >= parse_timestamp(row["sql_at"])
        if row["sql_at"]:
            assert parse_timestamp(row["sql_at"]) <= DEFAULT_END


def test_rates_look_like_a_b2b_funnel(tmp_path: Path) -> None:
    result = simulate(tmp_path, leads=1_500, seed=5)
    assert 15 <= result.events / result.leads <= 35
    assert 0.04 <= result.sql / result.leads <= 0.12
    assert 0.15 <= result.won / result.sql <= 0.5


def test_progress_reports_every_lead_in_few_calls(tmp_path: Path) -> None:
    calls: list[int] = []
    simulate(tmp_path, leads=250, seed=1, progress=calls.append)
    assert sum(calls) == 250
    assert len(calls) <= 101


def test_end_and_months_bound_the_window(tmp_path: Path) -> None:
    end = datetime(2025, 3, 31, 12, tzinfo=UTC)
    result = simulate(tmp_path, leads=50, seed=2, end=end, months=1)
    start = datetime(2025, 2, 28, 12, tzinfo=UTC)
    for row in read_rows(result.leads_path):
        assert start <= parse_timestamp(row["created_at"]) <= end
    for row in read_rows(result.events_path):
        assert parse_timestamp(row["occurred_at"]) <= end


def test_zero_leads_writes_headers_only(tmp_path: Path) -> None:
    result = simulate(tmp_path, leads=0)
    assert (result.leads, result.events, result.sql, result.won) == (0, 0, 0, 0)
    assert result.outcomes_path.read_text(encoding="utf-8") == "lead_id,sql_at,won_at\n"


@pytest.mark.parametrize(("leads", "months"), [(-1, 6), (10, 0)])
def test_bad_arguments_are_refused(tmp_path: Path, leads: int, months: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        simulate(tmp_path, leads=leads, months=months)
