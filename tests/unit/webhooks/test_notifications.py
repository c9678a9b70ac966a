from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import Stage, StageTransition
from leadscore.webhooks.notifications import (
    EVENT_KINDS,
    EventKind,
    deleted,
    notifications,
    payload,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TIERS = ("cold", "warm", "hot")


def _card(stage: Stage, tier: str, transitions: tuple[StageTransition, ...] = ()) -> ScoreCard:
    return ScoreCard(
        "L1", T0, 40.0, 35.0, 75.0, tier, "B", ("pricing interest",), stage, (), transitions
    )


cards = st.builds(_card, st.sampled_from(list(Stage)), st.sampled_from(TIERS))


def test_the_five_kinds() -> None:
    assert EVENT_KINDS == (
        "lead.mql",
        "lead.sql",
        "lead.tier_changed",
        "lead.recycled",
        "lead.deleted",
    )


def test_becoming_mql_and_hot_gives_two_notifications() -> None:
    found = notifications(_card(Stage.LEAD, "warm"), _card(Stage.MQL, "hot"))
    assert [item.kind for item in found] == [EventKind.MQL, EventKind.TIER_CHANGED]
    data = found[0].data
    assert data["stage"] == "mql" and data["previous_stage"] == "lead"
    assert data["tier"] == "hot" and data["previous_tier"] == "warm"
    assert "email" not in data and data["lead_id"] == "L1"


def test_a_new_lead_that_enters_mql_at_once_is_announced() -> None:
    entered = StageTransition(Stage.LEAD, Stage.MQL, T0, "demo request")
    found = notifications(None, _card(Stage.MQL, "hot", (entered,)))
    assert [item.kind for item in found] == [EventKind.MQL]
    assert found[0].data["previous_tier"] is None


def test_a_new_lead_in_its_first_stage_is_not() -> None:
    assert notifications(None, _card(Stage.LEAD, "cold")) == []


@settings(max_examples=200, deadline=None)
@given(before=cards, after=cards)
def test_notifications_follow_the_change(before: ScoreCard, after: ScoreCard) -> None:
    kinds = [item.kind for item in notifications(before, after)]
    moved = before.stage != after.stage
    assert (EventKind.MQL in kinds) == (moved and after.stage == Stage.MQL)
    assert (EventKind.SQL in kinds) == (moved and after.stage == Stage.SQL)
    assert (EventKind.RECYCLED in kinds) == (moved and after.stage == Stage.NURTURE)
    assert (EventKind.TIER_CHANGED in kinds) == (before.tier != after.tier)
    assert EventKind.DELETED not in kinds and len(kinds) == len(set(kinds))


@settings(max_examples=100, deadline=None)
@given(card=cards)
def test_an_unchanged_card_notifies_nobody(card: ScoreCard) -> None:
    assert notifications(card, replace(card, total=card.total + 1)) == []


def test_deleted_and_payload_shape() -> None:
    note = deleted("L9", T0)
    assert payload(note, T0) == {
        "type": "lead.deleted",
        "timestamp": "2026-03-01T12:00:00Z",
        "data": {"lead_id": "L9", "deleted_at": "2026-03-01T12:00:00Z"},
    }
