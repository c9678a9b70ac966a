"""The b2b-saas template that ships with leadscore."""

from __future__ import annotations

import pytest

from leadscore.spec import DEFAULT_TEMPLATE, load_spec, load_spec_text, template_path, template_text


@pytest.fixture(scope="module")
def template():
    return load_spec(template_path())


def test_the_default_template_loads_from_the_package(template):
    assert DEFAULT_TEMPLATE == "b2b-saas"
    assert template.name == "b2b-saas"
    assert load_spec_text(template_text()) == template


def test_it_covers_the_twelve_buying_signals_sales_teams_watch(template):
    names = [signal.name for signal in template.signals]
    assert len(names) == 12
    assert len(set(names)) == 12
    for expected in (
        "content engagement",
        "repeat visits",
        "demo or trial request",
        "contacted sales",
        "pricing interest",
        "webinar or workshop",
        "social engagement",
        "product questions",
        "sales collateral",
        "nurture response",
        "timeline or budget discussed",
        "competitor comparison",
    ):
        assert expected in names


def test_unsubscribes_and_bounces_score_negative_and_do_not_fade(template):
    by_event = {rule.event: rule for rule in template.engagement.rules}
    for kind in ("email_unsubscribe", "email_bounce"):
        rule = by_event[kind]
        assert rule.points < 0, kind
        assert template.engagement.half_life_of(rule) is None, kind


def test_repeated_quick_exits_score_negative(template):
    quick = [rule for rule in template.engagement.rules if "seconds_on_page" in rule.where]
    assert quick
    assert all(rule.points < 0 and rule.cap is not None for rule in quick)


def test_poor_fit_scores_negative(template):
    negative = {rule.name for rule in template.fit.rules if rule.points < 0}
    assert {"micro company", "student or intern", "free email domain"} <= negative
    assert template.lifecycle.disqualify.fit_below is not None


def test_hand_raises_are_signals_that_make_an_mql(template):
    defined = {signal.name for signal in template.signals}
    assert template.lifecycle.mql.or_signals
    assert set(template.lifecycle.mql.or_signals) <= defined
    mql = template.lifecycle.mql
    assert mql.fit_exit <= mql.fit_at_least
    assert mql.engagement_exit <= mql.engagement_at_least
