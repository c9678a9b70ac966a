"""Engagement and signals at every moment a lead did something, for the lifecycle replay.

Walks the events once, carrying each rule's decayed sum forward, so replaying a lead's
whole history costs one pass instead of one full rescoring per event.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from leadscore.domain.event import Event
from leadscore.domain.timeutil import epoch_seconds
from leadscore.engine.compiled import EventMatch, compiled
from leadscore.engine.decay import decay_factor
from leadscore.engine.timeline import SECONDS_PER_DAY
from leadscore.spec.model import ScoringModel


@dataclass(frozen=True, slots=True)
class Moment:
    """The lead's engagement and active signals at one instant.

    `fresh` names the active signals that an event at this very instant counted for: a new
    hand-raise, as opposed to one still inside its window.
    """

    at: datetime
    engagement: float
    signals: frozenset[str]
    fresh: frozenset[str] = frozenset()


@dataclass(slots=True)
class _RuleSum:
    value: float = 0.0
    last: float = 0.0

    def at(self, when: float, half_life: float | None) -> float:
        return self.value * decay_factor((when - self.last) / SECONDS_PER_DAY, half_life)


def intermediate_moments(
    spec: ScoringModel, events: list[Event], found: Sequence[EventMatch] | None = None
) -> Iterator[Moment]:
    """Two moments per distinct event time after the first, in order: just before that
    time's events (so a lead whose engagement faded meanwhile is seen to have faded before
    its next action counts) and just after them. `events` are sorted and deduplicated;
    `found[i]`, when given, is what events[i] matched (see compiled.py).

    The moment just after reuses what the one just before computed at the same instant:
    each rule's decayed, capped value (only the rules the events hit are worked out
    again) and the active signals (the windows were trimmed at this instant already, so
    only the signals the events hit can change, and only by joining).
    """
    if found is None:
        found = compiled(spec).match_all(events)
    rules = spec.engagement.rules
    half_lives = [spec.engagement.half_life_of(rule) for rule in rules]
    sums: dict[int, _RuleSum] = {}
    terms: dict[int, float] = {}  # each rule's decayed, capped value at `now`
    windows: list[deque[float]] = [deque() for _ in spec.signals]
    pairs = zip(events, found, strict=True)
    for position, (at, group) in enumerate(groupby(pairs, key=lambda pair: pair[0].occurred_at)):
        now = epoch_seconds(at)
        before: frozenset[str] = frozenset()
        if position:
            _decay(spec, sums, half_lives, now, sums, terms)
            before = _signals(spec, windows, now)
            yield Moment(at, _engagement(spec, terms), before)
        hit_rules: dict[int, None] = {}  # in the order sums gains them
        hit_signals: set[int] = set()
        for _, match in group:
            for index in match.rules:
                current = sums.get(index)
                carried = current.at(now, half_lives[index]) if current else 0.0
                sums[index] = _RuleSum(carried + rules[index].points, now)
                hit_rules[index] = None
            for index in match.signals:
                windows[index].append(now)
                hit_signals.add(index)
        touched = {spec.signals[index].name for index in hit_signals}
        if position:
            _decay(spec, sums, half_lives, now, hit_rules, terms)
            joined = {
                spec.signals[index].name
                for index in hit_signals
                if len(windows[index]) >= spec.signals[index].min_count
            }
            signals = before | joined if joined else before
        else:
            _decay(spec, sums, half_lives, now, sums, terms)
            signals = _signals(spec, windows, now)
        yield Moment(at, _engagement(spec, terms), signals, signals & touched)


def _decay(
    spec: ScoringModel,
    sums: dict[int, _RuleSum],
    half_lives: list[float | None],
    now: float,
    indexes: Iterable[int],
    terms: dict[int, float],
) -> None:
    """terms[i] = `capped(sums[i].at(now, half_life), cap)` for these rules, written out
    inline: the same operations in the same order, so the same floats."""
    rules = spec.engagement.rules
    for index in indexes:
        rule_sum = sums[index]
        half_life = half_lives[index]
        age = (now - rule_sum.last) / SECONDS_PER_DAY
        value = rule_sum.value * (
            1.0 if half_life is None or age <= 0 else 0.5 ** (age / half_life)
        )
        cap = rules[index].cap
        terms[index] = value if cap is None else max(-cap, min(cap, value))


def _engagement(spec: ScoringModel, terms: dict[int, float]) -> float:
    total = math.fsum(terms.values())
    limit = spec.engagement.limit
    return total if limit is None else min(total, limit)


def _signals(spec: ScoringModel, windows: list[deque[float]], now: float) -> frozenset[str]:
    active = set()
    for signal, window in zip(spec.signals, windows, strict=True):
        if not window:  # no hit yet: never active (min_count >= 1)
            continue
        while window and (now - window[0]) / SECONDS_PER_DAY > signal.within_days:
            window.popleft()
        if len(window) >= signal.min_count:
            active.add(signal.name)
    return frozenset(active)
