"""What a stored card's explanation needs beyond score_many's columns, computed set-wise.

For each engagement rule that matched anything, the ids of the events it matched in time
order and each one's decayed points, which row_cards.py sums exactly (math.fsum), as
score_one does: DuckDB's parallel sums differ in the last bits from run to run, and a card
must not change when nothing did. For fit rules worth zero points, whether they applied (a
zero in score_many's column cannot tell). Events are matched the way score_many matches
them (matched_events.py).
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from leadscore.engine.many.fit import rule_applies
from leadscore.rescore.matched_events import RULES, matched_events
from leadscore.spec.model import ScoringModel

#: Per lead, one struct per matching engagement rule, in rule order.
LINES = "_lines"


def applies_column(index: int) -> str:
    return f"_applies_{index}"


def explanations(
    spec: ScoringModel, leads: ir.Table, events: ir.Table | None, as_of: datetime
) -> ir.Table:
    """One row per lead: `lead_id`, LINES (NULL when no rule matched) and, for each fit rule
    worth zero points, `applies_column(i)`. LINES items have `rule` (its index), `event_ids`
    and `points` (each event's, decayed, not capped), in rule order."""
    flags = {
        applies_column(i): rule_applies(leads, rule)
        for i, rule in enumerate(spec.fit.rules)
        if rule.points == 0
    }
    per_lead = leads.select("lead_id", **flags)
    if events is None or not spec.engagement.rules:
        return per_lead.mutate(**{LINES: ibis.null(_LINES_TYPE)})
    lines = _engagement_lines(spec, events, as_of)
    joined = per_lead.left_join(lines, "lead_id")
    return joined.drop("lead_id_right")


_LINES_TYPE = "array<struct<rule: int64, event_ids: array<string>, points: array<float64>>>"


def _engagement_lines(spec: ScoringModel, events: ir.Table, as_of: datetime) -> ir.Table:
    hits = matched_events(spec, events, as_of).unnest(RULES)
    decayed = ibis.cases(
        *(
            (hits[RULES] == i, _decayed_points(spec, i, hits._age))
            for i in range(len(spec.engagement.rules))
        ),
        else_=ibis.literal(0.0),
    )
    hits = hits.mutate(rule=hits[RULES], _points=decayed.cast("float64"))
    # Lists are sorted after aggregating, not by ordered aggregates: DuckDB keeps a sort
    # state per group for those, which does not fit a million events in its memory limit.
    # A hit sorts by time then event id (unique), a line by its rule index.
    hit = ibis.struct({"us": hits._us, "event_id": hits.event_id, "points": hits._points})
    per_rule = hits.group_by("lead_id", "rule").aggregate(_hits=hit.collect())
    in_time_order = per_rule._hits.sort()
    line = ibis.struct(
        {
            "rule": per_rule.rule,
            "event_ids": in_time_order.map(lambda h: h.event_id),
            "points": in_time_order.map(lambda h: h.points),
        }
    )
    per_lead = per_rule.group_by("lead_id").aggregate(_unordered=line.collect())
    return per_lead.select("lead_id", **{LINES: per_lead._unordered.sort()})


def _decayed_points(spec: ScoringModel, index: int, age: ir.FloatingValue) -> ir.FloatingValue:
    """One event's points for rule `index`, decayed as engine/decay.py decays them."""
    rule = spec.engagement.rules[index]
    half_life = spec.engagement.half_life_of(rule)
    if half_life is None:
        return ibis.literal(rule.points, "float64")
    return rule.points * 0.5 ** (age / half_life)
