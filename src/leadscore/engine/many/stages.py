"""The lifecycle stage set-wise: a fold over each lead's moments, in the engine's SQL.

Entering MQL, lapsing to nurture and recycling after a delay depend on what happened
before, so the stage is a fold (engine/lifecycle.py in time order). Ibis has no array
reduce, so this one step is SQL, written for each backend's own higher-order function:
DuckDB's `list_reduce` and Spark's `aggregate`. States: 0 the initial stage, 1 MQL,
2 nurture; `since` is when the state last changed (for the recycle delay).
"""

from __future__ import annotations

from datetime import timedelta

import ibis.expr.types as ir

from leadscore.engine.many.moments import ENTRY, EXIT, FRESH, PHASES
from leadscore.errors import LeadscoreError
from leadscore.spec.model import Lifecycle

INITIAL, MQL, NURTURE = 0, 1, 2
STATE_NAMES = {MQL: "mql", NURTURE: "nurture"}


def folded_states(moments: ir.Table, lifecycle: Lifecycle, dialect: str) -> ir.Table:
    """(lead_id, state, wide) per lead of `moments` (moments.COLUMNS): each row's two
    moments flattened into one list, the ones that cannot move the lead left out."""
    delay = timedelta(days=lifecycle.nurture.recycle_after_days) // timedelta(microseconds=1)
    step = _step(delay, dialect)
    if dialect == "duckdb":
        both = "[{'key': pre_key, 'flags': pre}, {'key': post_key, 'flags': post}]"
        listed = f"list_filter(flatten(list({both})), lambda m: m.flags <> 0)"
        query = (
            f"SELECT lead_id, list_reduce(list_sort({listed}), "
            f"lambda acc, m: {step}, {{'s': 0, 'since': CAST(0 AS BIGINT)}}).s AS state, "
            "bool_or(wide) AS wide FROM moments GROUP BY lead_id"
        )
    elif dialect == "pyspark":
        both = (
            "array(named_struct('key', pre_key, 'flags', pre), "
            "named_struct('key', post_key, 'flags', post))"
        )
        listed = f"filter(flatten(collect_list({both})), m -> m.flags <> 0)"
        query = (
            f"SELECT lead_id, aggregate(array_sort({listed}), "
            "named_struct('s', 0, 'since', CAST(0 AS BIGINT)), "
            f"(acc, m) -> {step}).s AS state, bool_or(wide) AS wide "
            "FROM moments GROUP BY lead_id"
        )
    else:
        raise LeadscoreError(
            f"set-based lifecycle stages run on DuckDB and Spark, not on {dialect!r}"
        )
    return moments.alias("moments").sql(query)


def _step(delay: int, dialect: str) -> str:
    """One moment applied to the state `acc` (engine/lifecycle.py `_on_moment`)."""
    if dialect == "duckdb":
        struct, at = "{{'s': {0}, 'since': {1}}}", f"(m.key // {PHASES})"
    else:
        struct, at = "named_struct('s', {0}, 'since', {1})", f"(m.key DIV {PHASES})"
    entry, exit_, fresh = (f"(m.flags & {bit}) <> 0" for bit in (ENTRY, EXIT, FRESH))
    to_mql = (
        f"(acc.s = {INITIAL} AND {entry}) OR (acc.s = {NURTURE} AND "
        f"({fresh} OR ({entry} AND {at} >= acc.since + {delay})))"
    )
    return (
        f"CASE WHEN {to_mql} THEN {struct.format(MQL, at)} "
        f"WHEN acc.s = {MQL} AND {exit_} THEN {struct.format(NURTURE, at)} "
        "ELSE acc END"
    )
