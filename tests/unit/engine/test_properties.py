"""The core invariants of scoring, checked on generated models, leads and histories."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from leadscore.domain import Contribution, ScoreCard, Stage
from leadscore.engine import LeadScorer, score_one
from leadscore.engine.lifecycle import replay
from leadscore.engine.limits import group_total, with_limit
from leadscore.engine.matching import matches
from leadscore.engine.moments import Moment, intermediate_moments
from leadscore.engine.timeline import known_events
from leadscore.spec import ScoringModel
from tests.strategies import (
    BASE,
    BUSY_DAYS,
    SPARE_EVENT_TYPE,
    YEAR_SECONDS,
    as_of_times,
    decision_lists,
    engagement_rule_dicts,
    event_lists,
    leads,
    model_dicts,
    models,
    single_events,
)

# No deadline: the first examples of a run pay for imports and regex compilation.
invariant = settings(deadline=None, max_examples=80)


def by_group(card: ScoreCard, group: str) -> list[float]:
    return [line.points for line in card.contributions if line.group == group]


def no_higher(value: float, reference: float, card: ScoreCard) -> bool:
    """`value <= reference`, except that engagement cut to its limit is on the limit only up
    to rounding: one float line cannot always bring a sum exactly to it (never above it)."""
    if any(line.kind == "limit" and line.group == "engagement" for line in card.contributions):
        return value <= reference + 1e-9
    return value <= reference


def band_for(thresholds: dict[str, float], value: float) -> str:
    reached = [name for name, threshold in thresholds.items() if threshold <= value]
    if not reached:
        return min(thresholds, key=thresholds.__getitem__)
    return max(reached, key=thresholds.__getitem__)


@invariant
@given(models(), leads(), event_lists(), as_of_times(), st.randoms())
def test_order_of_arrival_does_not_matter(spec, lead, events, as_of, rnd):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert score_one(spec, lead, shuffled, as_of) == score_one(spec, lead, events, as_of)


# Decisions at random instants, or several on one busy day (where arrival order could leak in).
any_decisions = st.one_of(decision_lists(), decision_lists(at=BUSY_DAYS, min_size=2))


@invariant
@given(models(), leads(), event_lists(), any_decisions, as_of_times(), st.randoms())
def test_order_of_sales_decisions_does_not_matter(spec, lead, events, decisions, as_of, rnd):
    shuffled = list(decisions)
    rnd.shuffle(shuffled)
    expected = score_one(spec, lead, events, as_of, decisions)
    assert score_one(spec, lead, events, as_of, shuffled) == expected
    assert score_one(spec, lead, events, as_of, decisions[::-1]) == expected


@invariant
@given(models(), leads(), event_lists(duplicates=False), as_of_times(), st.data())
def test_exact_copies_of_events_change_nothing(spec, lead, events, as_of, data):
    assume(events)
    copies = data.draw(st.lists(st.sampled_from(events), min_size=1, max_size=10))
    expected = score_one(spec, lead, events, as_of)
    assert score_one(spec, lead, events + copies, as_of) == expected
    assert score_one(spec, lead, copies + events, as_of) == expected


@invariant
@given(models(), leads(), event_lists(), as_of_times(), st.randoms())
def test_one_at_a_time_equals_all_at_once(spec, lead, events, as_of, rnd):
    arrival = list(events)
    rnd.shuffle(arrival)
    scorer = LeadScorer(spec, lead)
    new = [scorer.apply(event) for event in arrival]
    assert sum(new) == len({event.event_id for event in events})
    assert scorer.card(as_of) == score_one(spec, lead, events, as_of)


@invariant
@given(models(), leads(), event_lists(), as_of_times())
def test_caps_and_group_limits_are_never_exceeded(spec, lead, events, as_of):
    card = score_one(spec, lead, events, as_of)
    caps = {rule.name: rule.cap for rule in spec.engagement.rules}
    for line in card.contributions:
        if line.group == "engagement" and line.kind == "rule":
            cap = caps[line.rule]
            if cap is not None:
                assert abs(line.points) <= cap, line
            assert line.cap_hit == (line.points != line.decayed)
    if spec.fit.limit is not None:
        assert card.fit <= spec.fit.limit
    if spec.engagement.limit is not None:
        assert card.engagement <= spec.engagement.limit


@invariant
@given(
    st.lists(st.floats(-1e4, 1e4), max_size=8),
    st.one_of(st.integers(-50, 200).map(float), st.floats(-1e3, 1e3)),
)
def test_a_limit_line_never_leaves_a_group_above_its_limit(points, limit):
    lines = [Contribution("engagement", f"r{i}", p, p, p) for i, p in enumerate(points)]
    before = group_total(lines)
    after = group_total(with_limit("engagement", lines, limit))
    if before <= limit:
        assert after == before
    else:
        assert after <= limit
        assert after == pytest.approx(limit, abs=1e-9)


@invariant
@given(
    models(signs="positive"),
    leads(),
    event_lists(),
    st.integers(0, 400 * 86_400),
    st.integers(1, 400 * 86_400),
)
def test_engagement_only_fades_while_nothing_happens(spec, lead, events, after, later):
    last = max((event.occurred_at for event in events), default=BASE)
    first_look = last + timedelta(seconds=after)
    second_look = first_look + timedelta(seconds=later)
    early = score_one(spec, lead, events, first_look)
    late = score_one(spec, lead, events, second_look)
    assert no_higher(late.engagement, early.engagement, late)
    early_rules = {line.rule: line for line in early.contributions if line.kind == "rule"}
    for line in late.contributions:
        if line.group == "engagement" and line.kind == "rule":
            assert 0 <= line.decayed <= line.raw
            assert line.points <= early_rules[line.rule].points


@invariant
@given(models(), leads(), event_lists(), as_of_times())
def test_decay_never_adds_to_a_rule(spec, lead, events, as_of):
    card = score_one(spec, lead, events, as_of)
    for line in card.contributions:
        if line.kind == "rule":
            assert abs(line.decayed) <= abs(line.raw)
            assert line.decayed * line.raw >= 0  # fading never flips a sign


@invariant
@given(models(), leads(), event_lists(), as_of_times())
def test_contributions_sum_to_the_score_exactly(spec, lead, events, as_of):
    card = score_one(spec, lead, events, as_of)
    assert math.fsum(line.points for line in card.contributions) == card.total
    assert math.fsum(by_group(card, "fit")) == card.fit
    assert math.fsum(by_group(card, "engagement")) == card.engagement


@invariant
@given(models(), leads(), event_lists(), as_of_times())
def test_tier_and_grade_follow_the_thresholds(spec, lead, events, as_of):
    card = score_one(spec, lead, events, as_of)
    assert card.tier == band_for(spec.tiers, card.total)
    assert card.grade == band_for(spec.grades, card.fit)


@st.composite
def models_with_a_negative_rule(draw: st.DrawFn) -> ScoringModel:
    """A generated model plus a negative rule for an event type no other rule counts."""
    document = draw(model_dicts())
    negative = draw(engagement_rule_dicts(len(document["engagement"]["rules"]), "negative"))
    negative["event"] = SPARE_EVENT_TYPE
    document["engagement"]["rules"].append(negative)
    return ScoringModel.model_validate(document)


@invariant
@given(models_with_a_negative_rule(), leads(), event_lists(), as_of_times(), st.data())
def test_a_negative_event_never_raises_the_score(spec, lead, events, as_of, data):
    extra = data.draw(single_events("negative", types=(SPARE_EVENT_TYPE,)), label="extra")
    counted_by = [rule for rule in spec.engagement.rules if matches(rule, extra)]
    assume(counted_by)  # a `where:` filter may refuse it
    assert all(rule.points < 0 for rule in counted_by)
    before = score_one(spec, lead, events, as_of)
    after = score_one(spec, lead, [*events, extra], as_of)
    assert no_higher(after.total, before.total, after)
    assert no_higher(after.engagement, before.engagement, after)


@invariant
@given(models(), leads(), event_lists(), as_of_times(), st.data())
def test_events_after_as_of_change_nothing(spec, lead, events, as_of, data):
    after_as_of = st.integers(1, YEAR_SECONDS).map(lambda s: as_of + timedelta(seconds=s))
    future = [
        data.draw(single_events(f"future {i}", at=after_as_of), label=f"future {i}")
        for i in range(data.draw(st.integers(1, 5), label="how many"))
    ]
    card = score_one(spec, lead, events, as_of)
    assert score_one(spec, lead, events + future, as_of) == card
    when = {event.event_id: event.occurred_at for event in events}
    for line in card.contributions:
        assert all(when[event_id] <= as_of for event_id in line.event_ids)
    assert all(transition.at <= as_of for transition in card.transitions)


@invariant
@given(models(), leads(), event_lists(), decision_lists(), as_of_times())
def test_lifecycle_is_a_chain_of_transitions_in_time_order(spec, lead, events, decisions, as_of):
    card = score_one(spec, lead, events, as_of, decisions)
    assert isinstance(card.stage, Stage)
    stage = Stage(spec.lifecycle.initial)
    previous_at = None
    for transition in card.transitions:
        assert transition.from_stage == stage
        assert transition.to_stage != transition.from_stage
        assert previous_at is None or previous_at <= transition.at
        stage, previous_at = transition.to_stage, transition.at
    assert card.stage == stage


@invariant
@given(models(), leads(), event_lists(), as_of_times())
def test_the_stays_initial_shortcut_agrees_with_the_full_replay(spec, lead, events, as_of):
    card = score_one(spec, lead, events, as_of)
    history = known_events(events, card.as_of)
    moments = [m for m in intermediate_moments(spec, history) if m.at < card.as_of]
    fresh = {
        name
        for name in card.signals
        if any(e.occurred_at == card.as_of and matches(spec.signal(name), e) for e in history)
    }
    moments.append(Moment(card.as_of, card.engagement, frozenset(card.signals), frozenset(fresh)))
    assert (card.stage, card.transitions) == replay(spec.lifecycle, card.fit, moments, [])
