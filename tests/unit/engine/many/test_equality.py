"""score_many agrees with score_one, lead by lead and field by field (DESIGN invariant 1),
on DuckDB and on Spark (fewer examples: each costs Spark seconds, not milliseconds)."""

from __future__ import annotations

import math
import os
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from leadscore.batch.arrow import to_arrow
from leadscore.domain import Event, Lead
from leadscore.engine import score_one
from leadscore.engine.many import score_many
from leadscore.spec import ScoringModel
from tests.strategies import as_of_times, event_lists, leads, models
from tests.unit.engine.many.tables import CON, events_table, leads_table

EXAMPLES = int(os.environ.get("LEADSCORE_EXAMPLES", "30"))
SPARK_EXAMPLES = int(os.environ.get("LEADSCORE_SPARK_EXAMPLES", "8"))
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _close(left: float, right: float) -> bool:
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


@st.composite
def populations(draw: st.DrawFn) -> list[tuple[Lead, list[Event]]]:
    count = draw(st.integers(1, 3))
    return [
        (draw(leads(f"lead-{i}")), draw(event_lists(max_size=12, lead_id=f"lead-{i}")))
        for i in range(count)
    ]


@settings(deadline=None, max_examples=EXAMPLES)
@given(models(), populations(), as_of_times())
def test_score_many_equals_score_one(spec, population, as_of) -> None:
    _agrees(CON, spec, population, as_of)


@pytest.mark.spark
# A failing example is reported as drawn: shrinking it would take minutes of Spark jobs.
@settings(deadline=None, max_examples=SPARK_EXAMPLES, phases=NO_SHRINK)
@given(models(), populations(), as_of_times())
def test_score_many_equals_score_one_on_spark(spark_con, spec, population, as_of) -> None:
    _agrees(spark_con, spec, population, as_of)


def _agrees(
    con: Any, spec: ScoringModel, population: list[tuple[Lead, list[Event]]], as_of: Any
) -> None:
    people = [lead for lead, _ in population]
    history = [event for _, events in population for event in events]
    table = score_many(spec, leads_table(people, con), events_table(history, con), as_of)
    rows = {row["lead_id"]: row for row in to_arrow(table).to_pylist()}
    rule_names = [rule.name for rule in spec.fit.rules + spec.engagement.rules]
    for lead, events in population:
        card = score_one(spec, lead, events, as_of)
        row = rows[lead.lead_id]
        assert _close(row["fit"], card.fit), ("fit", row["fit"], card.fit)
        assert _close(row["engagement"], card.engagement)
        assert _close(row["total"], card.total)
        assert (row["tier"], row["grade"]) == (card.tier, card.grade)
        assert tuple(row["signals"]) == card.signals
        assert not row["needs_replay"]
        assert row["stage"] == card.stage.value, ("stage", row["stage"], card.transitions)
        points = {line.rule: line.points for line in card.contributions if line.kind == "rule"}
        columns = [c for c in row if c.startswith(("fit_", "engagement_"))]
        for column, name in zip(columns, rule_names, strict=True):
            assert _close(row[column], points.get(name, 0.0)), (name, row[column], points)


def test_a_fit_only_model_needs_no_events() -> None:
    from leadscore.spec import load_spec_text

    spec = load_spec_text(
        "name: fit\nfit:\n  rules:\n"
        "    - {name: big, when: {attribute: employees, at_least: 500}, points: 30}\n"
    )
    people = [Lead("a", employees=800), Lead("b", employees=20), Lead("c")]
    from datetime import UTC, datetime

    rows = CON.to_pyarrow(score_many(spec, leads_table(people), None, datetime.now(UTC)))
    assert rows.column("fit").to_pylist() == pytest.approx([30, 0, 0])


CONFLICTING_COPIES = (
    "score_many keeps an arbitrary copy of an event_id whose copies tie on time and type but "
    "differ in properties (arg_min/min_by on (time, type) alone: the first to arrive on "
    "DuckDB, the other one on Spark); score_one keeps the same copy in either order, breaking "
    "the tie by the properties (engine/timeline.py _canonical)."
)


@pytest.mark.xfail(strict=True, reason=CONFLICTING_COPIES)
@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_conflicting_copies_of_an_event_count_as_score_one_counts_them(
    engine: str, request: pytest.FixtureRequest
) -> None:
    from datetime import UTC, datetime

    from leadscore.spec import load_spec_text

    spec = load_spec_text(
        "name: dup\nengagement:\n  rules:\n"
        "    - {name: pricing, event: page_view, where: {url: {matches: /pricing}}, points: 10}\n"
    )
    con = request.getfixturevalue("spark_con") if engine == "spark" else CON
    at, as_of = datetime(2026, 3, 1, 10, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    copies = [
        Event("e1", "a", "page_view", at, {"url": "/pricing"}),
        Event("e1", "a", "page_view", at, {}),
    ]
    expected = score_one(spec, Lead("a"), copies, as_of).engagement
    assert expected == score_one(spec, Lead("a"), copies[::-1], as_of).engagement == 10.0
    for arrival in (copies, copies[::-1]):
        table = score_many(spec, leads_table([Lead("a")], con), events_table(arrival, con), as_of)
        assert _close(to_arrow(table).to_pylist()[0]["engagement"], expected), arrival


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_number_text_is_read_as_score_one_reads_it(
    engine: str, request: pytest.FixtureRequest
) -> None:
    from datetime import UTC, datetime

    from leadscore.spec import load_spec_text

    spec = load_spec_text(
        "name: nps\nfit:\n  rules:\n"
        "    - {name: promoter, when: {attribute: nps, at_least: 1}, points: 10}\n"
    )
    con = request.getfixturevalue("spark_con") if engine == "spark" else CON
    people = [
        Lead(f"l{i}", attributes={"nps": text})
        for i, text in enumerate(["2f", "1_000", "0x1p3", "1.5d", " 7 "])
    ]
    as_of = datetime(2026, 3, 2, tzinfo=UTC)
    rows = to_arrow(score_many(spec, leads_table(people, con), None, as_of)).to_pylist()
    fits = {row["lead_id"]: row["fit"] for row in rows}
    assert fits == {lead.lead_id: score_one(spec, lead, [], as_of).fit for lead in people}
