"""Point-in-time training sets: labels from hand-made histories, censoring, and no leak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.domain import DecisionKind, Event, Lead, SalesDecision
from leadscore.domain.history import LeadHistory
from leadscore.errors import LeadscoreError
from leadscore.predict.outcome import Outcome
from leadscore.predict.point_in_time import build_scoring_set, build_training_set
from leadscore.spec.loader import load_spec_text
from leadscore.spec.model import ScoringModel
from leadscore.spec.template import template_text
from tests.strategies import EVENT_TYPES, decision_lists, event_lists, leads, models

CUTOFF = datetime(2026, 3, 1, tzinfo=UTC)
DAY = timedelta(days=1)
SPEC = load_spec_text(template_text(), source="default template")


def _decision(lead_id: str, kind: DecisionKind, at: datetime, bant: int = 3) -> SalesDecision:
    flags = [index < bant for index in range(4)]
    return SalesDecision(lead_id, kind, at, "r", *flags)


def _history(
    lead_id: str, *decisions: SalesDecision, created: datetime | None = None
) -> LeadHistory:
    lead = Lead(lead_id, industry="software", created_at=created or CUTOFF - 30 * DAY)
    visit = Event(f"{lead_id}-1", lead_id, "page_view", CUTOFF - 2 * DAY, {"url": "/pricing"})
    return LeadHistory(lead, (visit,), decisions)


HANDMADE = [
    _history("accepted-soon", _decision("accepted-soon", DecisionKind.ACCEPT, CUTOFF + 10 * DAY)),
    _history("accepted-late", _decision("accepted-late", DecisionKind.ACCEPT, CUTOFF + 100 * DAY)),
    _history("accepted-before", _decision("accepted-before", DecisionKind.ACCEPT, CUTOFF - DAY)),
    _history("accepted-at-cutoff", _decision("accepted-at-cutoff", DecisionKind.ACCEPT, CUTOFF)),
    _history(
        "weak-accept-then-deal",
        _decision("weak-accept-then-deal", DecisionKind.ACCEPT, CUTOFF + 5 * DAY, bant=1),
        _decision("weak-accept-then-deal", DecisionKind.OPPORTUNITY, CUTOFF + 20 * DAY),
    ),
    _history("won", _decision("won", DecisionKind.WON, CUTOFF + 30 * DAY)),
    _history("rejected", _decision("rejected", DecisionKind.REJECT, CUTOFF + 3 * DAY)),
    _history("born-later", created=CUTOFF + DAY),
    _history("nothing"),
]
END = CUTOFF + 200 * DAY


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (
            Outcome.sql,
            {"accepted-soon": True, "accepted-late": False, "weak-accept-then-deal": True}
            | {"won": True, "rejected": False, "nothing": False},
        ),
        (
            Outcome.opportunity,
            {"accepted-soon": False, "accepted-late": False, "accepted-before": False}
            | {"accepted-at-cutoff": False, "weak-accept-then-deal": True, "won": True}
            | {"rejected": False, "nothing": False},
        ),
        (
            Outcome.customer,
            {"accepted-soon": False, "accepted-late": False, "accepted-before": False}
            | {"accepted-at-cutoff": False, "weak-accept-then-deal": False, "won": True}
            | {"rejected": False, "nothing": False},
        ),
    ],
)
def test_labels_of_hand_made_histories(outcome: Outcome, expected: dict[str, bool]) -> None:
    built = build_training_set(HANDMADE, SPEC, outcome, 90, [CUTOFF], END)
    got = dict(zip(built.table["lead_id"], built.table[built.label], strict=True))
    assert got == expected
    assert built.label == f"{outcome.value}_within_90d"
    assert "1 lead(s) left out at 2026-03-01 00:00: not yet on record" in built.notes


def test_leads_at_the_outcome_by_the_cutoff_are_left_out_with_a_note() -> None:
    built = build_training_set(HANDMADE, SPEC, Outcome.sql, 90, [CUTOFF], END)
    assert "accepted-before" not in set(built.table["lead_id"])
    assert "accepted-at-cutoff" not in set(built.table["lead_id"])
    assert "2 lead(s) left out at 2026-03-01 00:00: already at sql or beyond" in built.notes


def test_a_cutoff_whose_horizon_is_not_over_is_censored() -> None:
    late = CUTOFF + 150 * DAY  # 150 + 90 days runs past END
    built = build_training_set(HANDMADE, SPEC, Outcome.sql, 90, [CUTOFF, late], END)
    assert set(built.table["cutoff"]) == {pd.Timestamp(CUTOFF)}
    assert any(note.startswith("cutoff 2026-07-29 00:00 censored") for note in built.notes)
    with pytest.raises(LeadscoreError, match="censored"):
        build_training_set(HANDMADE, SPEC, Outcome.sql, 90, [late], END)


def test_the_default_cutoff_is_one_horizon_before_the_latest_known_moment() -> None:
    built = build_training_set(HANDMADE, SPEC, Outcome.sql, 30)
    latest = CUTOFF + 100 * DAY  # accepted-late's decision
    assert built.known_until == latest
    assert set(built.table["cutoff"]) == {pd.Timestamp(latest - 30 * DAY)}


def test_mql_cutoffs_are_each_leads_mql_moment() -> None:
    lead = Lead("hand-raiser", industry="software", created_at=CUTOFF - 30 * DAY)
    demo = Event("d1", "hand-raiser", "demo_request", CUTOFF)
    accepted = _decision("hand-raiser", DecisionKind.ACCEPT, CUTOFF + 4 * DAY)
    histories = [LeadHistory(lead, (demo,), (accepted,)), _history("nothing")]
    built = build_training_set(histories, SPEC, Outcome.sql, 90, "mql", END)
    assert list(built.table["lead_id"]) == ["hand-raiser"]
    assert built.table["cutoff"].iloc[0] == pd.Timestamp(CUTOFF)
    assert bool(built.table[built.label].iloc[0]) is True
    assert built.table["stage_at_cutoff"].iloc[0] == "mql"
    assert "1 lead(s) left out: never became MQL" in built.notes


def test_event_windows_count_up_to_and_including_the_cutoff() -> None:
    lead = Lead("counted", created_at=CUTOFF - 200 * DAY)
    ages = (0, 3, 10, 45, 120)
    events = tuple(Event(f"e{a}", "counted", "email_open", CUTOFF - a * DAY) for a in ages)
    later = Event("later", "counted", "email_open", CUTOFF + timedelta(seconds=1))
    history = LeadHistory(lead, (*events, events[0], later))  # a duplicate copy too
    row = build_training_set([history], SPEC, Outcome.sql, 90, [CUTOFF], END).table.iloc[0]
    assert (row["email_open_7d"], row["email_open_30d"], row["email_open_90d"]) == (2, 3, 4)
    assert row["email_open_all"] == row["events_all"] == 5
    assert row["days_since_last_event"] == 0.0
    assert row["days_since_first_event"] == 120.0


LATER_TYPES = st.sampled_from((*EVENT_TYPES, "a_type_never_seen_before"))


@st.composite
def _later_events(draw: st.DrawFn, cutoff: datetime) -> list[Event]:
    offsets = st.integers(1, 400 * 86_400)
    drawn = draw(st.lists(st.tuples(LATER_TYPES, offsets), max_size=6))
    return [
        Event(f"later-{i}", "lead-1", kind, cutoff + timedelta(seconds=s), {"url": "/pricing"})
        for i, (kind, s) in enumerate(drawn)
    ]


def _rows(spec: ScoringModel, history: LeadHistory, cutoff: datetime) -> pd.DataFrame | str:
    try:
        return build_training_set(
            [history], spec, Outcome.sql, 90, [cutoff], cutoff + 90 * DAY
        ).table
    except LeadscoreError as exc:
        return str(exc)


@settings(max_examples=60, deadline=None)
@given(
    spec=models(),
    lead=leads(),
    events=event_lists(max_size=12),
    decisions=decision_lists(),
    cutoff=st.sampled_from([datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 9, 15, tzinfo=UTC)]),
    data=st.data(),
)
def test_events_after_the_cutoff_cannot_change_the_row(
    spec: ScoringModel,
    lead: Lead,
    events: list[Event],
    decisions: list[SalesDecision],
    cutoff: datetime,
    data: st.DataObject,
) -> None:
    history = LeadHistory(lead, tuple(events), tuple(decisions))
    later = data.draw(_later_events(cutoff))
    more = LeadHistory(lead, (*events, *later), tuple(decisions))
    before, after = _rows(spec, history, cutoff), _rows(spec, more, cutoff)
    if isinstance(before, str):
        assert before == after
    else:
        assert isinstance(after, pd.DataFrame)
        pd.testing.assert_frame_equal(before, after)


@settings(max_examples=40, deadline=None)
@given(
    spec=models(),
    lead=leads(),
    events=event_lists(max_size=12),
    kinds=st.lists(st.sampled_from(list(DecisionKind)), min_size=1, max_size=3),
    days=st.integers(1, 200),
)
def test_decisions_after_the_cutoff_change_only_the_label(
    spec: ScoringModel, lead: Lead, events: list[Event], kinds: list[DecisionKind], days: int
) -> None:
    cutoff = datetime(2024, 6, 1, tzinfo=UTC)
    later = tuple(_decision(lead.lead_id, kind, cutoff + days * DAY) for kind in kinds)
    before = _rows(spec, LeadHistory(lead, tuple(events)), cutoff)
    after = _rows(spec, LeadHistory(lead, tuple(events), later), cutoff)
    if isinstance(before, str):
        assert before == after
    else:
        assert isinstance(after, pd.DataFrame)
        label = "sql_within_90d"
        pd.testing.assert_frame_equal(before.drop(columns=label), after.drop(columns=label))
        needed = spec.lifecycle.sql.bant_at_least
        reaches = any(
            kind in (DecisionKind.OPPORTUNITY, DecisionKind.WON)
            or (kind == DecisionKind.ACCEPT and needed <= 3)
            for kind in kinds
        )
        assert bool(after[label].iloc[0]) == (reaches and days <= 90)


def test_scoring_rows_have_the_training_features_and_no_label() -> None:
    training = build_training_set(HANDMADE, SPEC, Outcome.sql, 90, [CUTOFF], END).table
    scoring = build_scoring_set(HANDMADE, SPEC, Outcome.sql, END).table
    assert list(scoring.columns) == list(training.columns[:-1])
    assert set(scoring["cutoff"]) == {pd.Timestamp(END)}
    # at END every lead is on record; those sales accepted, or who won, are at sql already
    assert set(scoring["lead_id"]) == {"rejected", "born-later", "nothing"}


def test_names_that_collide_get_a_prefix_instead_of_overwriting() -> None:
    attributes = {"rule_total": "custom", "Industry": "x", "events_all": 7}
    lead = Lead("clash", industry="software", created_at=CUTOFF - DAY, attributes=attributes)
    events = (
        Event("e1", "clash", "events", CUTOFF - DAY),
        Event("e2", "clash", "Page View", CUTOFF),
    )
    row = build_training_set([LeadHistory(lead, events)], SPEC, Outcome.sql, 90, [CUTOFF], END)
    first = row.table.iloc[0]
    assert (first["attribute_rule_total"], first["attribute_industry"]) == ("custom", "x")
    assert (first["industry"], first["attribute_events_all"]) == ("software", 7)
    assert first["rule_total"] != "custom"
    assert (first["events_all"], first["type_events_all"], first["page_view_all"]) == (2, 1, 1)
