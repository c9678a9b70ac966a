"""engine.incremental: a lead's events fed one at a time, read at any time."""

from __future__ import annotations

from leadscore.domain import DecisionKind, Lead, SalesDecision, Stage
from leadscore.engine import LeadScorer, score_one
from leadscore.spec import load_spec, template_path
from tests.unit.engine.builders import LEAD_ID, day, event

SPEC = load_spec(template_path())
LEAD = Lead(LEAD_ID, industry="software", employees=300, title="Head of IT", company="Acme")


def test_apply_reports_whether_the_event_was_new():
    scorer = LeadScorer(SPEC, LEAD)
    demo = event("demo_request", day(1), event_id="d1")
    assert scorer.apply(demo) is True
    assert scorer.apply(demo) is False
    assert scorer.apply_many([demo, event("email_open", day(2), event_id="o1")]) == 1


def test_the_card_after_each_event_equals_scoring_everything_so_far():
    history = [event("email_open", day(i), event_id=f"o{i}") for i in range(5)]
    scorer = LeadScorer(SPEC, LEAD)
    for seen, item in enumerate(history, start=1):
        scorer.apply(item)
        assert scorer.card(day(10)) == score_one(SPEC, LEAD, history[:seen], day(10))


def test_sales_decisions_are_part_of_the_history():
    scorer = LeadScorer(SPEC, LEAD)
    scorer.apply(event("contact_sales", day(1)))
    assert scorer.card(day(2)).stage == Stage.MQL
    scorer.decide(SalesDecision(LEAD_ID, DecisionKind.REJECT, day(3), reason="no budget"))
    assert scorer.card(day(2)).stage == Stage.MQL  # not known yet at day 2
    assert scorer.card(day(4)).stage == Stage.NURTURE
