"""engine.lifecycle: the stage a lead's history implies, replayed through score_one.

The model below: fit 40 for software, -30 for gambling; ten engagement points per visit
with a 10-day half-life; a "hand raise" signal. MQL entry at fit 30 and engagement 30,
exit below fit 20 or engagement 15, recycling after 30 days, auto-disqualify below fit -10.
"""

from __future__ import annotations

import pytest

from leadscore.domain import DecisionKind, Lead, SalesDecision, Stage
from leadscore.engine import score_one
from tests.unit.engine.builders import LEAD_ID, day, event, model

SPEC = model(
    fit={
        "rules": [
            {
                "name": "good fit",
                "when": {"attribute": "industry", "equals": "software"},
                "points": 40,
            },
            {
                "name": "poor fit",
                "when": {"attribute": "industry", "equals": "gambling"},
                "points": -30,
            },
        ]
    },
    engagement={
        "half_life_days": 10,
        "rules": [{"name": "visit", "event": "page_view", "points": 10}],
    },
    signals=[{"name": "hand raise", "event": "contact_sales", "within_days": 30}],
    lifecycle={
        "mql": {
            "fit_at_least": 30,
            "engagement_at_least": 30,
            "or_signals": ["hand raise"],
            "exit": {"fit_below": 20, "engagement_below": 15},
        },
        "sql": {"bant_at_least": 3},
        "nurture": {"recycle_after_days": 30},
        "disqualify": {"fit_below": -10},
    },
)
GOOD_FIT = Lead(LEAD_ID, industry="software")  # fit 40
NO_FIT = Lead(LEAD_ID, industry="retail")  # fit 0
POOR_FIT = Lead(LEAD_ID, industry="gambling")  # fit -30


def visits(count: int, at_day: float) -> list:
    return [event("page_view", day(at_day)) for _ in range(count)]


def decision(kind: DecisionKind, at_day: float, reason: str = "", **bant: bool) -> SalesDecision:
    return SalesDecision(LEAD_ID, kind, day(at_day), reason=reason, **bant)


def path(card) -> list[tuple[Stage, Stage]]:
    return [(t.from_stage, t.to_stage) for t in card.transitions]


# --------------------------------------------------------------------------- entering MQL


def test_fit_and_engagement_at_the_entry_thresholds_make_an_mql():
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(1))
    assert card.stage == Stage.MQL
    (entry,) = card.transitions
    assert (entry.from_stage, entry.to_stage, entry.at, entry.actor) == (
        Stage.LEAD,
        Stage.MQL,
        day(0),
        "engine",
    )
    assert entry.reason == "fit 40 and engagement 30.0 reached 30 / 30"
    assert card.stage_reason == entry.reason


@pytest.mark.parametrize(
    ("lead", "count"),
    [(GOOD_FIT, 2), (NO_FIT, 5)],
    ids=["engagement below entry", "fit below entry"],
)
def test_below_either_entry_threshold_stays_a_lead(lead, count):
    card = score_one(SPEC, lead, visits(count, 0), day(0))
    assert card.stage == Stage.LEAD
    assert card.transitions == ()
    assert card.stage_reason == "initial stage"


def test_a_hand_raise_signal_makes_an_mql_whatever_the_scores():
    card = score_one(SPEC, NO_FIT, [event("contact_sales", day(3))], day(4))
    assert card.stage == Stage.MQL
    assert card.transitions[0].at == day(3)
    assert card.stage_reason == "signal: hand raise"


# --------------------------------------------------------------------------- leaving MQL


def test_between_exit_and_entry_an_mql_stays_an_mql():
    # 30 points fade to 21.2 after five days: under entry (30), above exit (15).
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(5))
    assert 15 < card.engagement < 30
    assert card.stage == Stage.MQL


def test_between_exit_and_entry_a_lead_does_not_become_an_mql():
    card = score_one(SPEC, GOOD_FIT, visits(2, 0), day(0))
    assert 15 < card.engagement < 30
    assert card.stage == Stage.LEAD


def test_engagement_fading_below_exit_sends_an_mql_to_nurture():
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(15))
    assert card.engagement == pytest.approx(30 * 0.5**1.5)
    assert card.stage == Stage.NURTURE
    assert path(card) == [(Stage.LEAD, Stage.MQL), (Stage.MQL, Stage.NURTURE)]
    assert card.transitions[-1].at == day(15)
    assert card.stage_reason == "engagement 10.6 fell below 15"


def test_an_active_hand_raise_holds_an_mql_until_its_window_ends():
    hand_raise = [event("contact_sales", day(0))]
    assert score_one(SPEC, NO_FIT, hand_raise, day(30)).stage == Stage.MQL
    card = score_one(SPEC, NO_FIT, hand_raise, day(31))
    assert card.stage == Stage.NURTURE
    assert card.stage_reason == "fit 0 below 20"


# --------------------------------------------------------------------------- nurture and recycling


def test_a_nurtured_lead_requalifies_only_after_recycle_after_days():
    rejected = decision(DecisionKind.REJECT, 1, "not now")
    history = visits(3, 0) + visits(3, 11)
    card = score_one(SPEC, GOOD_FIT, history, day(12), [rejected])
    assert card.stage == Stage.NURTURE  # hot again after 10 days, but 30 must pass

    history += visits(3, 32)
    card = score_one(SPEC, GOOD_FIT, history, day(32), [rejected])
    assert card.stage == Stage.MQL
    assert card.transitions[-1].at == day(32)
    assert card.stage_reason.startswith("recycled, fit 40 and engagement")


# --------------------------------------------------------------------------- sales decisions


def test_sales_acceptance_with_enough_bant_makes_an_sql():
    accepted = decision(
        DecisionKind.ACCEPT, 2, "call booked", budget=True, need=True, timeline=True
    )
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(3), [accepted])
    assert card.stage == Stage.SQL
    last = card.transitions[-1]
    assert (last.from_stage, last.at, last.actor) == (Stage.MQL, day(2), "sales")
    assert last.reason == "accepted by sales (budget, need, timeline): call booked"


def test_scores_do_not_move_an_sql():
    accepted = decision(DecisionKind.ACCEPT, 2, budget=True, authority=True, need=True)
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(200), [accepted])
    assert card.engagement < 1
    assert card.stage == Stage.SQL


def test_sales_acceptance_with_too_few_bant_items_changes_nothing():
    accepted = decision(DecisionKind.ACCEPT, 2, "looks keen", budget=True, need=True)
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(3), [accepted])
    assert card.stage == Stage.MQL
    assert path(card) == [(Stage.LEAD, Stage.MQL)]


def test_sales_rejection_sends_the_lead_to_nurture_with_the_reason():
    rejected = decision(DecisionKind.REJECT, 2, "no budget this year")
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(3), [rejected])
    assert card.stage == Stage.NURTURE
    assert card.stage_reason == "rejected by sales: no budget this year"
    assert card.transitions[-1].actor == "sales"


def test_sales_disqualification_is_final():
    disqualified = decision(DecisionKind.DISQUALIFY, 2, "competitor")
    later = [event("contact_sales", day(5)), *visits(5, 5)]
    card = score_one(SPEC, GOOD_FIT, visits(3, 0) + later, day(6), [disqualified])
    assert card.stage == Stage.DISQUALIFIED
    assert card.stage_reason == "disqualified by sales: competitor"


def test_an_opened_and_won_deal_makes_a_customer():
    accepted = decision(DecisionKind.ACCEPT, 2, budget=True, authority=True, need=True)
    deal = decision(DecisionKind.OPPORTUNITY, 4, "deal 123")
    won = decision(DecisionKind.WON, 30, "signed")
    card = score_one(SPEC, GOOD_FIT, visits(3, 0), day(31), [won, deal, accepted])
    assert path(card)[-3:] == [
        (Stage.MQL, Stage.SQL),
        (Stage.SQL, Stage.OPPORTUNITY),
        (Stage.OPPORTUNITY, Stage.CUSTOMER),
    ]
    assert card.stage_reason == "won: signed"


def test_a_decision_after_as_of_is_not_known_yet():
    rejected = decision(DecisionKind.REJECT, 10, "no budget")
    assert score_one(SPEC, GOOD_FIT, visits(3, 0), day(9), [rejected]).stage == Stage.MQL
    assert score_one(SPEC, GOOD_FIT, visits(3, 0), day(10), [rejected]).stage == Stage.NURTURE


def test_decisions_at_the_same_instant_apply_in_a_fixed_order():
    # Found by the property suite: arrival order used to decide which one won.
    accepted = decision(DecisionKind.ACCEPT, 2, budget=True, authority=True, need=True)
    rejected = decision(DecisionKind.REJECT, 2, "duplicate lead")
    history = visits(3, 0)
    one = score_one(SPEC, GOOD_FIT, history, day(3), [accepted, rejected])
    other = score_one(SPEC, GOOD_FIT, history, day(3), [rejected, accepted])
    assert one == other
    assert one.stage == Stage.NURTURE


# ------------------------------------------------------------------- automatic disqualification


def test_fit_below_the_disqualify_floor_disqualifies_without_any_event():
    card = score_one(SPEC, POOR_FIT, [], day(0))
    assert card.stage == Stage.DISQUALIFIED
    assert card.stage_reason == "fit -30 below -10"


def test_a_poor_fit_lead_is_disqualified_even_when_it_raises_its_hand():
    card = score_one(SPEC, POOR_FIT, [event("contact_sales", day(1))], day(2))
    assert card.stage == Stage.DISQUALIFIED
    assert card.transitions[0].at == day(1)
