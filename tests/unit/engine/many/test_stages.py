"""The set-based lifecycle (moments + fold) against the real-time replay, where it is hard:
leads that enter MQL, lapse to nurture and come back, by engagement after the recycle
delay or at once by a fresh hand-raise."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.batch.arrow import to_arrow
from leadscore.domain import Event, Lead
from leadscore.engine import score_one
from leadscore.engine.many import score_many
from leadscore.spec import load_spec_text
from leadscore.spec.model import ScoringModel
from tests.unit.engine.many.tables import CON, events_table, leads_table

START = datetime(2026, 1, 1, tzinfo=UTC)
TYPES = ("visit", "demo_request", "unsubscribe", "other")


def _model(
    half_life: str,
    cap: str,
    within: int,
    min_count: int,
    fit_entry: int,
    entry: int,
    exit_gap: int,
    raising: bool,
    recycle: float,
) -> ScoringModel:
    return load_spec_text(
        f"""
name: lifecycle
fit:
  rules:
    - {{name: big, when: {{attribute: employees, at_least: 100}}, points: 20}}
engagement:
  half_life_days: 10
  rules:
    - {{name: visit, event: visit, points: 10{half_life}{cap}}}
    - {{name: unsubscribed, event: unsubscribe, points: -15}}
signals:
  - {{name: demo, event: demo_request, within_days: {within}, min_count: {min_count}}}
lifecycle:
  mql:
    fit_at_least: {fit_entry}
    engagement_at_least: {entry}
    or_signals: [{"demo" if raising else ""}]
    exit: {{engagement_below: {entry - exit_gap}}}
  nurture: {{recycle_after_days: {recycle}}}
"""
    )


models = st.builds(
    _model,
    half_life=st.sampled_from(["", ", half_life_days: 2", ", decay: false"]),
    cap=st.sampled_from(["", ", cap: 25"]),
    within=st.sampled_from([1, 7, 30]),
    min_count=st.integers(1, 2),
    fit_entry=st.sampled_from([0, 20]),
    entry=st.sampled_from([10, 15, 20, 30]),
    exit_gap=st.sampled_from([0, 5, 10]),
    raising=st.booleans(),
    recycle=st.sampled_from([0, 1, 7.5, 30]),
)
times = st.one_of(
    st.integers(0, 120).map(lambda day: START + timedelta(days=day)),
    st.integers(0, 120 * 24).map(lambda hour: START + timedelta(hours=hour)),
)


@st.composite
def histories(draw: st.DrawFn, lead_id: str) -> list[Event]:
    count = draw(st.integers(0, 16))
    return [
        Event(f"{lead_id}-{i}", lead_id, draw(st.sampled_from(TYPES)), draw(times))
        for i in range(count)
    ]


def _stages(
    spec: ScoringModel, people: list[tuple[Lead, list[Event]]], as_of: datetime, con: Any = CON
) -> tuple[dict[str, str], dict[str, str]]:
    history = [event for _, events in people for event in events]
    leads = leads_table([lead for lead, _ in people], con)
    table = score_many(spec, leads, events_table(history, con), as_of)
    rows = to_arrow(table.select("lead_id", "stage")).to_pylist()
    many = {row["lead_id"]: row["stage"] for row in rows}
    one = {
        lead.lead_id: score_one(spec, lead, events, as_of).stage.value for lead, events in people
    }
    return many, one


@settings(deadline=None, max_examples=int(os.environ.get("LEADSCORE_EXAMPLES", "30")) * 2)
@given(models, st.lists(st.integers(0, 500), min_size=1, max_size=6), st.data())
def test_the_folded_stage_equals_the_replay(spec, sizes, data) -> None:
    people = [
        (Lead(f"lead-{i}", employees=size), data.draw(histories(f"lead-{i}")))
        for i, size in enumerate(sizes)
    ]
    as_of = data.draw(times)
    many, one = _stages(spec, people, as_of)
    assert many == one


PATHS = {
    # name: (visit days, demo-request days, scored on day, the stage the path means)
    "cold": ([0], [], 10, "lead"),
    "hot": ([0, 1], [], 2, "mql"),
    "faded": ([0, 1], [], 20, "nurture"),
    # lapsed on day 5, back above the entry threshold on day 11: too soon to recycle
    "too-soon": ([0, 1, 5, 10, 11], [], 12, "nurture"),
    # lapsed on day 5, back above it on day 49, after the 30-day delay: recycled
    "recycled": ([0, 1, 5, 48, 49], [], 50, "mql"),
    # lapsed on day 5, a demo request on day 10: recycled at once
    "raised": ([0, 1, 5], [10], 12, "mql"),
}


def test_every_way_through_the_lifecycle() -> None:
    """One lead per path: the stage is the replay's and the one the path means."""
    spec = _model(", half_life_days: 2", "", 7, 1, 0, 15, 10, True, 30)
    for name, (visits, demos, scored, meant) in PATHS.items():
        events = [Event(f"v{n}", name, "visit", START + timedelta(days=n)) for n in visits]
        events += [Event(f"d{n}", name, "demo_request", START + timedelta(days=n)) for n in demos]
        many, one = _stages(spec, [(Lead(name), events)], START + timedelta(days=scored))
        assert many == one == {name: meant}, name


@pytest.mark.spark
def test_every_way_through_the_lifecycle_on_spark(spark_con: Any) -> None:
    """The same paths on Spark, as the leads of one table (one query, not six): each path is
    shifted in time so that all are scored at the same moment."""
    spec = _model(", half_life_days: 2", "", 7, 1, 0, 15, 10, True, 30)
    end = START + timedelta(days=max(scored for _, _, scored, _ in PATHS.values()))
    people = []
    for name, (visits, demos, scored, _) in PATHS.items():
        start = end - timedelta(days=scored)
        events = [Event(f"v{n}", name, "visit", start + timedelta(days=n)) for n in visits]
        events += [Event(f"d{n}", name, "demo_request", start + timedelta(days=n)) for n in demos]
        people.append((Lead(name), events))
    many, one = _stages(spec, people, end, spark_con)
    assert many == one == {name: meant for name, (_, _, _, meant) in PATHS.items()}


def test_histories_too_long_for_the_sums_are_left_to_the_replay() -> None:
    """Over WIDEST_SPAN half-lives 2^x would overflow: such a lead is marked, not guessed."""
    spec = _model(", half_life_days: 0.01", "", 7, 1, 0, 15, 10, True, 30)
    events = [Event(f"v{n}", "long", "visit", START + timedelta(days=n)) for n in (0, 20)]
    events += [Event(f"w{n}", "short", "visit", START + timedelta(hours=n)) for n in (0, 1)]
    people = [(Lead("long"), events[:2]), (Lead("short"), events[2:])]
    table = score_many(
        spec, leads_table([p for p, _ in people]), events_table(events), START + timedelta(days=21)
    )
    rows = {r["lead_id"]: r for r in CON.to_pyarrow(table).to_pylist()}
    assert rows["long"]["needs_replay"] and rows["long"]["stage"] is None
    assert not rows["short"]["needs_replay"] and rows["short"]["stage"] is not None
