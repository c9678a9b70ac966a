"""engine.score_one on the shipped b2b-saas template, for leads a sales team would recognise."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from leadscore.domain import Lead, Stage
from leadscore.engine import score_one
from leadscore.spec import load_spec, template_path
from tests.unit.engine.builders import LEAD_ID, day, event

SPEC = load_spec(template_path())

VP_AT_SOFTWARE_COMPANY = Lead(
    LEAD_ID,
    email="jane.doe@acme.io",
    first_name="Jane",
    last_name="Doe",
    title="VP of Sales",
    company="Acme",
    domain="acme.io",
    industry="Software",
    employees=800,
    annual_revenue=45_000_000,
    country="US",
    source="webinar",
)


def fade(age_days: float) -> float:
    return 0.5 ** (age_days / 90)


def test_a_senior_buyer_who_requests_a_demo_is_a_hot_mql():
    history = [
        *(event("email_open", day(20)) for _ in range(3)),
        event("page_view", day(29), url="https://acme.example/pricing", seconds_on_page=80),
        event("page_view", day(30), url="https://acme.example/pricing", seconds_on_page=95),
        event("demo_request", day(30)),
    ]
    card = score_one(SPEC, VP_AT_SOFTWARE_COMPANY, history, day(30))

    fit = {line.rule: line.points for line in card.contributions if line.group == "fit"}
    assert fit == {
        "target industry": 15,
        "mid-market": 20,
        "revenue over 20M": 10,
        "decision maker": 20,
        "target country": 5,
    }
    assert (card.fit, card.grade) == (70, "A")

    engagement = {
        line.rule: line.points for line in card.contributions if line.group == "engagement"
    }
    assert engagement == pytest.approx(
        {
            "email opened": 3 * fade(10),
            "website visit": 0.5 * fade(1) + 0.5,
            "pricing page": 10 * fade(1) + 10,
            "demo requested": 40,
        }
    )
    assert card.engagement == math.fsum(engagement.values())
    assert card.total == math.fsum(line.points for line in card.contributions)
    assert card.tier == "hot"

    assert card.signals == ("demo or trial request", "pricing interest")
    assert card.stage == Stage.MQL
    assert card.stage_reason == "signal: demo or trial request"


def test_a_student_on_a_free_mailbox_who_unsubscribed_is_cold_and_disqualified():
    student = Lead(LEAD_ID, email="kim@gmail.com", title="Marketing Intern", employees=4)
    history = [event("email_open", day(0)), event("email_unsubscribe", day(1))]
    card = score_one(SPEC, student, history, day(2))
    fit = {line.rule: line.points for line in card.contributions if line.group == "fit"}
    assert fit == {
        "micro company": -10,
        "student or intern": -20,
        "free email domain": -10,
        "no company given": -5,
    }
    assert card.grade == "D"
    assert card.tier == "cold"
    assert card.engagement == pytest.approx(fade(2) - 25)
    assert card.stage == Stage.DISQUALIFIED
    assert card.stage_reason == "fit -45 below -20"


def test_every_contribution_names_its_rule_and_events():
    history = [event("page_view", day(0), event_id="v1", url="/customers/acme/")]
    card = score_one(SPEC, VP_AT_SOFTWARE_COMPANY, history, day(0))
    by_rule = {line.rule: line for line in card.contributions}
    assert by_rule["case studies"].event_ids == ("v1",)
    assert by_rule["website visit"].event_ids == ("v1",)
    assert by_rule["decision maker"].event_ids == ()


def test_naive_timestamps_are_taken_as_utc():
    # Found while testing: a naive occurred_at used to raise TypeError inside score_one.
    aware = event("demo_request", day(1), event_id="d1")
    naive = replace(aware, occurred_at=aware.occurred_at.replace(tzinfo=None))
    as_of = day(2)
    assert score_one(SPEC, VP_AT_SOFTWARE_COMPANY, [naive], as_of) == score_one(
        SPEC, VP_AT_SOFTWARE_COMPANY, [aware], as_of
    )


def test_a_fade_is_seen_before_the_next_action_counts():
    """Two demo requests 200 days apart: the MQL faded in between, so the second request
    finds the lead in nurture and recycles it (a hand-raise needs no recycle period)."""
    history = [event("demo_request", day(0)), event("demo_request", day(200))]
    later = score_one(SPEC, VP_AT_SOFTWARE_COMPANY, history, day(201))
    steps = [(t.from_stage, t.to_stage, t.at) for t in later.transitions]
    assert steps == [
        (Stage.LEAD, Stage.MQL, day(0)),
        (Stage.MQL, Stage.NURTURE, day(200)),
        (Stage.NURTURE, Stage.MQL, day(200)),
    ]
    assert later.transitions[-1].reason.startswith("recycled, signal")
    earlier = score_one(SPEC, VP_AT_SOFTWARE_COMPANY, history[:1], day(199))
    assert [t.to_stage for t in earlier.transitions] == [Stage.MQL, Stage.NURTURE]
