"""Set-based store rescoring builds the cards score_one builds, field by field: from
score_many's rows for most leads, with the stage history replayed for the others (sales
decisions, leads that left the initial stage, histories beyond the set-based sums)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import timedelta

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.batch.tables import workspace
from leadscore.domain import Event, Lead, SalesDecision
from leadscore.engine import score_one
from leadscore.rescore.set_based import scored_cards
from leadscore.rescore.store_tables import attribute_text, events_table, leads_table
from leadscore.spec import load_spec_text
from leadscore.stores.event_batches import SCHEMA
from tests.strategies import BASE, as_of_times, decision_lists, event_lists, leads, models
from tests.unit.rescore.cards import assert_same_card

Lead_ = tuple[Lead, list[Event], list[SalesDecision]]


@st.composite
def populations(draw: st.DrawFn) -> list[Lead_]:
    """A few leads; event ids unique across leads, as the store's primary key makes them."""
    drawn = []
    for i in range(draw(st.integers(1, 4))):
        lead_id = f"lead-{i}"
        events = draw(event_lists(max_size=12, lead_id=lead_id, duplicates=False))
        events = [
            Event(f"{lead_id}/{e.event_id}", lead_id, e.type, e.occurred_at, e.properties)
            for e in events
        ]
        decided = draw(st.one_of(st.just([]), decision_lists(lead_id, max_size=2)))
        drawn.append((_stored(draw(leads(lead_id))), events, decided))
    return drawn


def _stored(lead: Lead) -> Lead:
    """As the store gives it back: `employees` is an integer column."""
    employees = None if lead.employees is None else int(lead.employees)
    return replace(lead, employees=employees)


def _batch(events: list[Event]) -> pa.RecordBatch:
    return pa.record_batch(
        [
            pa.array([e.event_id for e in events], pa.string()),
            pa.array([e.lead_id for e in events], pa.string()),
            pa.array([e.type for e in events], pa.string()),
            pa.array([e.occurred_at for e in events], pa.timestamp("us", tz="UTC")),
            pa.array([json.dumps(e.properties) for e in events], pa.string()),
        ],
        schema=SCHEMA,
    )


def _set_based(spec, population: list[Lead_], as_of):
    decisions = {lead.lead_id: decided for lead, _, decided in population if decided}
    history = [event for _, events, _ in population for event in events]
    with workspace() as con:
        leads_rows = leads_table(con, spec, [lead for lead, _, _ in population])
        events_rows = events_table(con, [_batch(history)] if history else [], SCHEMA)
        return scored_cards(spec, leads_rows, events_rows, as_of, decisions)


@settings(deadline=None, max_examples=int(os.environ.get("LEADSCORE_EXAMPLES", "40")))
@given(models(), populations(), as_of_times())
def test_set_based_cards_equal_score_one(spec, population, as_of) -> None:
    cards = _set_based(spec, population, as_of)
    assert [card.lead_id for card in cards] == sorted(lead.lead_id for lead, _, _ in population)
    by_id = {card.lead_id: card for card in cards}
    for lead, events, decided in population:
        assert_same_card(by_id[lead.lead_id], score_one(spec, lead, events, as_of, decided))


HALF_LIFE_MODEL = """
name: long histories
fit:
  rules:
    - {name: big, when: {attribute: employees, at_least: 100}, points: 40}
    - {name: zero, when: {attribute: plan, equals: pro}, points: 0}
engagement:
  half_life_days: 0.5
  rules:
    - {name: visit, event: page_view, points: 30, cap: 45}
signals:
  - {name: demo, event: demo_request, within_days: 30}
lifecycle:
  mql: {fit_at_least: 30, engagement_at_least: 20, or_signals: [demo]}
"""


def test_histories_beyond_the_set_based_sums_are_replayed() -> None:
    """A half-life of hours over years of events: score_many leaves the stage to the replay
    (needs_replay); the card still equals score_one's, transitions and all."""
    spec = load_spec_text(HALF_LIFE_MODEL)
    lead = Lead("old", employees=500, attributes={"plan": "pro"})
    events = [Event(f"v{i}", "old", "page_view", BASE + timedelta(days=300 * i)) for i in range(8)]
    as_of = BASE + timedelta(days=300 * 7, hours=1)
    [card] = _set_based(spec, [(lead, events, [])], as_of)
    want = score_one(spec, lead, events, as_of)
    assert want.transitions, "the example should leave the initial stage"
    assert_same_card(card, want)
    assert [line.rule for line in card.contributions] == ["big", "zero", "visit"]


def test_custom_attributes_read_as_the_real_time_engine_reads_them() -> None:
    assert [attribute_text(v) for v in ("Pro", 250, 1.5, True, None)] == [
        "Pro",
        "250",
        "1.5",
        "true",
        None,
    ]
