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
from leadscore.engine.many.events import MICROS_PER_DAY, rule_flag, signal_flag
from leadscore.spec.model import EngagementRule, ScoringModel

#: Beyond this many half-lives 2^x leaves the float range: such leads are replayed.
WIDEST_SPAN = 1000.0
PRE, POST, FINAL = 0, 1, 2
COLUMNS = ("lead_id", "at", "phase", "entry", "exit", "fresh", "wide")


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


def raising_signals(spec: ScoringModel) -> list[int]:
    """Indexes of the signals that raise a hand (mql.or_signals)."""
    names = set(spec.lifecycle.mql.or_signals)
    return [i for i, signal in enumerate(spec.signals) if signal.name in names]


def event_moments(spec: ScoringModel, events: ir.Table, leads: ir.Table, as_of_us: int) -> ir.Table:
    """COLUMNS for the events before `as_of` of `leads` (lead_id, fit)."""
    earlier = events.filter(events._us < as_of_us)
    rules = spec.engagement.rules
    raising = raising_signals(spec)
    counts = {f"_n{i}": earlier[rule_flag(i)].sum() for i in range(len(rules))}
    counts |= {f"_o{i}": earlier[signal_flag(i)].sum() for i in raising}
    times = earlier.group_by(["lead_id", "_us"]).aggregate(**counts)
    times = times.join(leads, "lead_id")
    so_far = ibis.cumulative_window(group_by=times.lead_id, order_by=times._us)
    times = times.mutate(
        _t0=times._us.min().over(so_far),
        _k=ibis.row_number().over(group_by=times.lead_id, order_by=times._us),
    )
    pre, post = _engagement(spec, times)
    raised_pre, raised_post, fresh = _raised(spec, times, raising)
    rule = criteria(spec, times.fit)
    entry_pre, exit_pre = rule.flags(pre, raised_pre)
    entry_post, exit_post = rule.flags(post, raised_post)
    times = times.mutate(
        _entry_pre=entry_pre,
        _exit_pre=exit_pre,
        _entry_post=entry_post,
        _exit_post=exit_post,
        _fresh=fresh,
        _wide=_wide(spec, (times._us - times._t0).cast("float64") / MICROS_PER_DAY),
    )
    # An exit right after another exit cannot move anyone: the first already did.
    earlier_exit = times._exit_post.lag().over(group_by=times.lead_id, order_by=times._us)
    times = times.mutate(_repeat_pre=earlier_exit.fill_null(False))
    before = times.filter(
        (times._k > 0) & (times._entry_pre | (times._exit_pre & ~times._repeat_pre) | times._wide)
    )
    before = before.select(
        "lead_id",
        at=before._us,
        phase=ibis.literal(PRE),
        entry=before._entry_pre,
        exit=before._exit_pre,
        fresh=ibis.literal(False),
        wide=before._wide,
    )
    repeat_post = ibis.ifelse(times._k > 0, times._exit_pre, False)
    after = times.filter(times._entry_post | (times._exit_post & ~repeat_post) | times._wide)
    after = after.select(
        "lead_id",
        at=after._us,
        phase=ibis.literal(POST),
        entry=after._entry_post,
        exit=after._exit_post,
        fresh=after._fresh,
        wide=after._wide,
    )
    return before.union(after)


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
        at=ibis.literal(as_of_us, "int64"),
        phase=ibis.literal(FINAL),
        entry=entry,
        exit=exit_,
        fresh=fresh,
        wide=ibis.literal(False),
    )


def _engagement(spec: ScoringModel, times: ir.Table) -> tuple[ir.FloatingValue, ...]:
    group = spec.engagement
    so_far = ibis.cumulative_window(group_by=times.lead_id, order_by=times._us)
    elapsed = (times._us - times._t0).cast("float64") / MICROS_PER_DAY
    pre: list[ir.FloatingValue] = []
    post: list[ir.FloatingValue] = []
    for index, rule in enumerate(group.rules):
        hits = times[f"_n{index}"].cast("float64")
        half_life = group.half_life_of(rule)
        if half_life is None:
            total = hits.sum().over(so_far)
            after, before = total * rule.points, (total - hits) * rule.points
        else:
            grown = 2.0 ** (elapsed / half_life)
            total = (hits * grown).sum().over(so_far)
            after = total / grown * rule.points
            before = (total - hits * grown) / grown * rule.points
        pre.append(_capped(before, rule))
        post.append(_capped(after, rule))
    return _limited(pre, group.limit), _limited(post, group.limit)


def _capped(value: ir.FloatingValue, rule: EngagementRule) -> ir.FloatingValue:
    if rule.cap is None:
        return value
    return ibis.greatest(ibis.least(value, rule.cap), -rule.cap)


def _limited(values: list[ir.FloatingValue], limit: float | None) -> ir.FloatingValue:
    total = sum(values, ibis.literal(0.0))
    return total if limit is None else ibis.least(total, limit)


def _raised(
    spec: ScoringModel, times: ir.Table, raising: list[int]
) -> tuple[ir.BooleanValue, ir.BooleanValue, ir.BooleanValue]:
    """Whether a hand-raise signal is active just before and just after each time, and
    whether one of that time's events counted for it."""
    if not raising:
        no = ibis.literal(False)
        return no, no, no
    before, after, fresh = [], [], []
    for index in raising:
        signal = spec.signals[index]
        own = times[f"_o{index}"]
        window = ibis.range_window(
            preceding=window_micros(signal.within_days),
            following=0,
            group_by=times.lead_id,
            order_by=times._us,
        )
        inside = own.sum().over(window)
        after.append(inside >= signal.min_count)
        before.append(inside - own >= signal.min_count)
        fresh.append((own > 0) & (inside >= signal.min_count))
    return ibis.or_(*before), ibis.or_(*after), ibis.or_(*fresh)


def window_micros(days: float) -> int:
    """The widest gap in microseconds that the real-time engine still counts as within
    `days` ((now - then) / 86400 > days drops an event)."""
    gap = int(days * MICROS_PER_DAY)
    while (gap + 1) / MICROS_PER_DAY <= days:
        gap += 1
    while gap / MICROS_PER_DAY > days:
        gap -= 1
    return gap


def _wide(spec: ScoringModel, span_days: ir.FloatingValue) -> ir.BooleanValue:
    group = spec.engagement
    half_lives = [h for h in map(group.half_life_of, group.rules) if h is not None]
    if not half_lives:
        return ibis.literal(False)
    return span_days / min(half_lives) > WIDEST_SPAN
