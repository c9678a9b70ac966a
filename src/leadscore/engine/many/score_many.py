"""score_many: the scoring model over whole tables, as one Ibis expression.

Per lead and as of a time: fit, engagement (per-rule decayed sums, caps, group limits),
total, tier, grade, active signals and each rule's points, computed set-wise so the same
expression runs on DuckDB, Spark and the other Ibis backends. It agrees with score_one
lead by lead (tests/unit/engine/many).

The lifecycle stage is settled from the numbers where they decide it (disqualified by fit,
or nothing could ever move the lead) and folded over the lead's moments otherwise
(moments.py, stages.py). `needs_replay` marks the rare leads whose history spans too many
half-lives for the set-based sums; the caller replays those with the real-time engine.
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from leadscore.domain.timeutil import utc
from leadscore.engine.many.events import micros, prepared_events, rule_flag, signal_flag
from leadscore.engine.many.fit import rule_applies
from leadscore.engine.many.hands import raising_signals
from leadscore.engine.many.moments import event_moments, final_moments
from leadscore.engine.many.stages import MQL, NURTURE, folded_states
from leadscore.spec.model import ScoringModel

#: Slack for rounding in the reachability test: it may keep a lead it could drop, never
#: the reverse.
REACH_MARGIN = 1e-6


def rule_column(group: str, index: int) -> str:
    return f"{group}_{index}"


def score_many(
    spec: ScoringModel, leads: ir.Table, events: ir.Table | None, as_of: datetime
) -> ir.Table:
    """One row per row of `leads` (which must have `lead_id`)."""
    as_of = utc(as_of)
    dialect = leads._find_backend(use_default=True).name
    fit_points = {
        rule_column("fit", i): rule_applies(leads, rule).ifelse(rule.points, 0.0)
        for i, rule in enumerate(spec.fit.rules)
    }
    scored = leads.select("lead_id", **fit_points)
    active = events is not None and bool(spec.engagement.rules or spec.signals)
    prepared = prepared_events(events, spec, as_of, dialect) if active else None
    if prepared is not None:
        scored = _with_activity(scored, spec, prepared, micros(as_of))
    else:
        scored = scored.mutate(**_no_activity(spec))
    scored = _figures(scored, spec)
    return _with_stage(scored, spec, prepared, micros(as_of), dialect)


def _with_activity(
    scored: ir.Table, spec: ScoringModel, events: ir.Table, as_of_us: int
) -> ir.Table:
    aggregates: dict[str, ir.Value] = {}
    group = spec.engagement
    half_lives = {group.half_life_of(rule) for rule in group.rules} - {None}
    events = events.mutate(**{_weight(h): 0.5 ** (events._age / h) for h in half_lives})
    # Narrow aggregates (sums of 0/1 doubles, no counts that caps make redundant) keep the
    # per-lead hash table small: its width, not the arithmetic, is what the scan waits on.
    for index, rule in enumerate(group.rules):
        half_life = group.half_life_of(rule)
        hit = events[rule_flag(index)]
        weight = ibis.literal(1.0) if half_life is None else events[_weight(half_life)]
        aggregates[f"_d_{index}"] = hit.ifelse(weight, 0.0).sum() * rule.points
    for index, signal in enumerate(spec.signals):
        recent = events[signal_flag(index)] & (events._age <= signal.within_days)
        aggregates[f"_s_{index}"] = events._us.count(where=recent)
    for index in raising_signals(spec):
        hit = events[signal_flag(index)]
        aggregates[f"_h_{index}"] = events._us.count(where=hit)
        aggregates[f"_z_{index}"] = events._us.count(where=hit & (events._us == as_of_us))
    hits = {
        index: events._us.count(where=events[rule_flag(index)])
        for index, rule in enumerate(group.rules)
        if rule.points > 0
    }
    aggregates.update({f"_n_{index}": count for index, count in hits.items()})
    aggregates["_t0"] = events._us.min()
    per_lead = events.group_by("lead_id").aggregate(**aggregates)
    # The reachability ceiling right away, so the hit counts go no further than this.
    per_lead = per_lead.mutate(
        _ceiling=_ceiling({i: per_lead[f"_n_{i}"] for i in hits}, spec)
    ).drop(*(f"_n_{i}" for i in hits))
    joined = scored.left_join(per_lead, "lead_id").drop("lead_id_right")
    filled = {name: joined[name].fill_null(0) for name in aggregates if name in joined.columns}
    return joined.mutate(_ceiling=joined._ceiling.fill_null(_no_ceiling(spec)), **filled)


def _weight(half_life: float) -> str:
    """The column holding each event's decay factor for one half-life, computed once."""
    return f"_w_{half_life!r}".replace(".", "_").replace("-", "_")


def _no_activity(spec: ScoringModel) -> dict[str, ir.Value]:
    zeros: dict[str, ir.Value] = {}
    for index in range(len(spec.engagement.rules)):
        zeros[f"_d_{index}"] = ibis.literal(0.0)
    for index in range(len(spec.signals)):
        zeros[f"_s_{index}"] = ibis.literal(0)
    zeros["_ceiling"] = ibis.literal(_no_ceiling(spec))
    for index in raising_signals(spec):
        zeros[f"_h_{index}"] = ibis.literal(0)
        zeros[f"_z_{index}"] = ibis.literal(0)
    return zeros


def _capped(decayed: ir.FloatingValue, cap: float | None) -> ir.FloatingValue:
    if cap is None:
        return decayed
    return ibis.greatest(ibis.least(decayed, cap), -cap)


def _limited(total: ir.FloatingValue, limit: float | None) -> ir.FloatingValue:
    return total if limit is None else ibis.least(total, limit)


def _band(thresholds: dict[str, float], value: ir.FloatingValue) -> ir.StringValue:
    names = list(thresholds)
    chosen: ir.StringValue = ibis.literal(names[0])
    for name in names[1:]:
        chosen = (value >= thresholds[name]).ifelse(ibis.literal(name), chosen)
    return chosen


def _figures(t: ir.Table, spec: ScoringModel) -> ir.Table:
    engagement_points = {
        rule_column("engagement", i): _capped(t[f"_d_{i}"], rule.cap)
        for i, rule in enumerate(spec.engagement.rules)
    }
    t = t.mutate(**engagement_points)
    fit_sum = sum((t[rule_column("fit", i)] for i in range(len(spec.fit.rules))), ibis.literal(0.0))
    engagement_sum = sum((t[name] for name in engagement_points), ibis.literal(0.0))
    t = t.mutate(
        fit=_limited(fit_sum, spec.fit.limit),
        engagement=_limited(engagement_sum, spec.engagement.limit),
    )
    t = t.mutate(total=t.fit + t.engagement)
    active = [
        (t[f"_s_{i}"] >= signal.min_count).ifelse(ibis.literal(signal.name), ibis.null("string"))
        for i, signal in enumerate(spec.signals)
    ]
    signals = (
        ibis.array(active).filter(lambda name: name.notnull())
        if active
        else ibis.literal([], type="array<string>")
    )
    return t.mutate(
        tier=_band(spec.tiers, t.total), grade=_band(spec.grades, t.fit), signals=signals
    )


def _ceiling(hits: dict[int, ir.IntegerValue], spec: ScoringModel) -> ir.FloatingValue:
    """The most engagement a lead's hits could ever have been worth: every positive rule's
    points for all of them, undecayed and capped, within the group limit."""
    group = spec.engagement
    most = []
    for index, count in hits.items():
        rule = group.rules[index]
        points = count.cast("float64") * rule.points
        most.append(points if rule.cap is None else ibis.least(points, rule.cap))
    return _limited(sum(most, ibis.literal(0.0)), group.limit)


def _no_ceiling(spec: ScoringModel) -> float:
    """The ceiling of a lead without events."""
    limit = spec.engagement.limit
    return 0.0 if limit is None else min(0.0, limit)


def _can_reach(t: ir.Table, spec: ScoringModel) -> ir.BooleanValue:
    """Whether engagement could ever have reached the MQL threshold. Leads that never
    could skip the moments and the fold (most leads, on real data)."""
    return t._ceiling + REACH_MARGIN >= spec.lifecycle.mql.engagement_at_least


def _with_stage(
    t: ir.Table, spec: ScoringModel, events: ir.Table | None, as_of_us: int, dialect: str
) -> ir.Table:
    lifecycle = spec.lifecycle
    hands = [t[f"_h_{i}"] for i in raising_signals(spec)]
    raised = ibis.or_(*(count > 0 for count in hands)) if hands else ibis.literal(False)
    floor = lifecycle.disqualify.fit_below
    disqualified = ibis.literal(False) if floor is None else t.fit < floor
    reachable = (t.fit >= lifecycle.mql.fit_at_least) & _can_reach(t, spec)
    t = t.mutate(_disqualified=disqualified, _movable=~disqualified & (raised | reachable))
    movable = t.filter(t._movable)
    moments = final_moments(spec, movable, as_of_us)
    if events is not None:
        leads = movable.select("lead_id", "fit", "_t0")
        moments = event_moments(spec, events, leads, as_of_us).union(moments)
    t = t.left_join(folded_states(moments, lifecycle, dialect), "lead_id")
    initial = ibis.literal(lifecycle.initial.value)
    wide = t._movable & t.wide.fill_null(False)
    stage = ibis.cases(
        (t._disqualified, ibis.literal("disqualified")),
        (wide, ibis.null("string")),
        (t.state == MQL, ibis.literal("mql")),
        (t.state == NURTURE, ibis.literal("nurture")),
        else_=initial,
    )
    t = t.mutate(stage=stage, needs_replay=wide)
    rules = [rule_column("fit", i) for i in range(len(spec.fit.rules))]
    rules += [rule_column("engagement", i) for i in range(len(spec.engagement.rules))]
    return t.select(
        "lead_id",
        "fit",
        "engagement",
        "total",
        "tier",
        "grade",
        "signals",
        "stage",
        "needs_replay",
        *rules,
    )
