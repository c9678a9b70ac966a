"""The lifecycle's moments, set-wise: what the replay in engine/moments.py sees, per lead.

For every distinct event time before `as_of` there are two moments, just before that time's
events (from the second time on) and just after them. Each carries the two flags the
lifecycle acts on: `entry` (the MQL criteria hold) and `exit` (they have lapsed), and
`fresh` (a hand-raise signal that an event at that very time counted for). A rule's decayed
sum at time t is `points * 2^-(t - t0)/h * cumsum(hits * 2^(ti - t0)/h)` with t0 the lead's
first event, one running sum per rule instead of one pass per lead; `wide` marks the leads
whose history spans too many half-lives for that to stay finite (they are replayed
instead). Moments with neither flag cannot move a lead and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from leadscore.engine.lifecycle import PRECISION
from leadscore.engine.many.events import MICROS_PER_DAY, rule_flag
from leadscore.engine.many.hands import hand_windows, hands, raising_signals
from leadscore.spec.model import EngagementRule, ScoringModel

#: Beyond this many half-lives 2^x leaves the float range: such leads are replayed.
WIDEST_SPAN = 1000.0
#: A moment's key is time * PHASES + phase, which orders the moments of one time.
PHASES = 4
PRE, POST, FINAL = 0, 1, 2
#: A moment's flags, as bits; 0 means the moment cannot move the lead.
ENTRY, EXIT, FRESH = 1, 2, 4
#: Each row carries up to two moments (the one just before its time and the one just
#: after), which keeps the moments one pass over the events, with no union.
COLUMNS = ("lead_id", "pre_key", "pre", "post_key", "post", "wide")


@dataclass(frozen=True, slots=True)
class Criteria:
    """The MQL thresholds, with fit already settled per lead."""

    fit_entry: ir.BooleanValue
    fit_exit: ir.BooleanValue
    engagement_at_least: float
    engagement_exit: float

    def flags(
        self, engagement: ir.FloatingValue, raised: ir.BooleanValue
    ) -> tuple[ir.BooleanValue, ir.BooleanValue]:
        level = engagement.round(PRECISION)
        entry = raised | (self.fit_entry & (level >= self.engagement_at_least))
        exit_ = ~raised & (self.fit_exit | (level < self.engagement_exit))
        return entry, exit_


def criteria(spec: ScoringModel, fit: ir.FloatingValue) -> Criteria:
    mql = spec.lifecycle.mql
    return Criteria(
        fit >= mql.fit_at_least, fit < mql.fit_exit, mql.engagement_at_least, mql.engagement_exit
    )


def event_moments(spec: ScoringModel, events: ir.Table, leads: ir.Table, as_of_us: int) -> ir.Table:
    """COLUMNS for the events before `as_of` of `leads` (lead_id, fit, and _t0: the time of
    the lead's first event, which anchors the running sums).

    One window pass over the events in time order, with no grouping by time: the moment
    just before a time is read at the first of its events (running sum minus the event's
    own hits), the moment just after it at the last (running sum)."""
    rows = events.filter(events._us < as_of_us).join(leads, "lead_id")
    group = spec.engagement
    elapsed = (rows._us - rows._t0).cast("float64") / MICROS_PER_DAY
    half_lives = sorted({h for h in map(group.half_life_of, group.rules) if h is not None})
    rows = rows.mutate(
        _wide=_wide(spec, elapsed), **{_grown(h): 2.0 ** (elapsed / h) for h in half_lives}
    )
    rows = _running(spec, rows)
    rows = _levels(spec, rows)
    rule = criteria(spec, rows.fit)
    entry_pre, exit_pre = rule.flags(rows._level_pre, rows._raised_pre)
    entry_post, exit_post = rule.flags(rows._level_post, rows._raised_post)
    none = ibis.literal(0, "int8")
    pre = (rows._first & (rows._us > rows._t0)).ifelse(_flags(entry_pre, exit_pre), none)
    post = rows._last.ifelse(_flags(entry_post, exit_post, rows._fresh), none)
    rows = rows.mutate(_pre=pre, _post=post)
    kept = rows.filter((rows._pre != 0) | (rows._post != 0) | rows._wide)
    return kept.select(
        "lead_id",
        pre_key=kept._us * PHASES + PRE,
        pre=kept._pre,
        post_key=kept._us * PHASES + POST,
        post=kept._post,
        wide=kept._wide,
    )


def _flags(
    entry: ir.BooleanValue, exit_: ir.BooleanValue, fresh: ir.BooleanValue | None = None
) -> ir.IntegerValue:
    """The moment's flags as one small integer."""
    bits = entry.ifelse(ENTRY, 0) + exit_.ifelse(EXIT, 0)
    bits = bits if fresh is None else bits + fresh.ifelse(FRESH, 0)
    return bits.cast("int8")


def _grown(half_life: float) -> str:
    return f"_g_{half_life!r}".replace(".", "_").replace("-", "_")


def _running(spec: ScoringModel, rows: ir.Table) -> ir.Table:
    """Per event, in one window pass: each rule's running sum of hits grown by 2^(t-t0)/h,
    what the hand-raise signals need (hands.py), and whether the event is the first / last
    of its time."""
    group = spec.engagement
    so_far = ibis.window(group_by=rows.lead_id, order_by=rows._us, rows=(None, 0))
    order = ibis.window(group_by=rows.lead_id, order_by=rows._us)
    running: dict[str, ir.Value] = {
        "_first": ~(rows._us.lag().over(order) == rows._us).fill_null(False),
        "_last": ~(rows._us.lead().over(order) == rows._us).fill_null(False),
    }
    for index, rule in enumerate(group.rules):
        hits = rows[rule_flag(index)].ifelse(1.0, 0.0)
        half_life = group.half_life_of(rule)
        grown = hits if half_life is None else hits * rows[_grown(half_life)]
        running[f"_c{index}"] = grown.sum().over(so_far)
    return rows.mutate(**running, **hand_windows(spec, rows))


def _levels(spec: ScoringModel, rows: ir.Table) -> ir.Table:
    """Engagement and hand-raise state just before and just after each event's time."""
    group = spec.engagement
    pre: list[ir.FloatingValue] = []
    post: list[ir.FloatingValue] = []
    for index, rule in enumerate(group.rules):
        half_life = group.half_life_of(rule)
        total = rows[f"_c{index}"]
        after = total if half_life is None else total / rows[_grown(half_life)]
        before = after - rows[rule_flag(index)].ifelse(1.0, 0.0)
        pre.append(_capped(before * rule.points, rule))
        post.append(_capped(after * rule.points, rule))
    raised = hands(spec, rows)
    return rows.mutate(
        _level_pre=_limited(pre, group.limit).round(PRECISION),
        _level_post=_limited(post, group.limit).round(PRECISION),
        _raised_pre=raised.before,
        _raised_post=raised.after,
        _fresh=raised.fresh,
    )


def final_moments(spec: ScoringModel, scored: ir.Table, as_of_us: int) -> ir.Table:
    """COLUMNS for the moment of scoring itself, from the card's own figures."""
    raising = raising_signals(spec)
    active = [scored[f"_s_{i}"] >= spec.signals[i].min_count for i in raising]
    raised = ibis.or_(*active) if active else ibis.literal(False)
    fresh = (
        ibis.or_(*(on & (scored[f"_z_{i}"] > 0) for on, i in zip(active, raising, strict=True)))
        if active
        else ibis.literal(False)
    )
    entry, exit_ = criteria(spec, scored.fit).flags(scored.engagement, raised)
    return scored.select(
        "lead_id",
        pre_key=ibis.literal(as_of_us * PHASES + FINAL, "int64"),
        pre=_flags(entry, exit_, fresh),
        post_key=ibis.literal(as_of_us * PHASES + FINAL, "int64"),
        post=ibis.literal(0, "int8"),
        wide=ibis.literal(False),
    )


def _capped(value: ir.FloatingValue, rule: EngagementRule) -> ir.FloatingValue:
    if rule.cap is None:
        return value
    return ibis.greatest(ibis.least(value, rule.cap), -rule.cap)


def _limited(values: list[ir.FloatingValue], limit: float | None) -> ir.FloatingValue:
    total = sum(values, ibis.literal(0.0))
    return total if limit is None else ibis.least(total, limit)


def _wide(spec: ScoringModel, span_days: ir.FloatingValue) -> ir.BooleanValue:
    group = spec.engagement
    half_lives = [h for h in map(group.half_life_of, group.rules) if h is not None]
    if not half_lives:
        return ibis.literal(False)
    return span_days / min(half_lives) > WIDEST_SPAN
