"""Events as set-based scoring needs them: one copy per id, none after `as_of`, each with
its time in microseconds since the epoch (`_us`), its age in days and one flag per
engagement rule and per signal, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import ibis
import ibis.expr.types as ir

from leadscore.domain.timeutil import utc
from leadscore.engine.many.json_text import json_text
from leadscore.engine.many.operand import Operand, of_column, of_string
from leadscore.engine.many.predicates import predicate
from leadscore.engine.timeline import SECONDS_PER_DAY
from leadscore.spec.model import EventFilter, ScoringModel

CORE = ("event_id", "lead_id", "type", "occurred_at", "properties")
EPOCH = ibis.timestamp("1970-01-01 00:00:00")
MICROS_PER_DAY = SECONDS_PER_DAY * 1_000_000


def micros(moment: datetime) -> int:
    """Microseconds since the epoch, exact (the set-based engine's clock)."""
    return (utc(moment) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def rule_flag(index: int) -> str:
    return f"_rule_{index}"


def signal_flag(index: int) -> str:
    return f"_signal_{index}"


def prepared_events(
    events: ir.Table, spec: ScoringModel, as_of: datetime, dialect: str = "duckdb"
) -> ir.Table:
    """`events` has event_id, lead_id, type, occurred_at (timestamp) and optionally a JSON
    `properties` column and further property columns."""
    stamped = events.mutate(
        _us=events.occurred_at.cast("timestamp").delta(EPOCH, unit="microsecond")
    )
    cutoff = micros(as_of)
    known = stamped.filter(stamped._us <= cutoff)
    age = (cutoff - known._us).cast("float64") / MICROS_PER_DAY
    filters: list[EventFilter] = [*spec.engagement.rules, *spec.signals]
    keys = sorted({key for f in filters for key, _ in f.property_tests})
    known = known.mutate(_age=age, **_property_columns(known, keys, dialect))
    operands = {
        key: Operand(
            known[f"_p{i}_text"],
            known[f"_p{i}_number"],
            known[f"_p{i}_missing"],
            known[f"_p{i}_folded"],
        )
        for i, key in enumerate(keys)
    }
    flags = {
        rule_flag(i): _matches(known, rule, operands)
        for i, rule in enumerate(spec.engagement.rules)
    }
    flags |= {
        signal_flag(i): _matches(known, signal, operands) for i, signal in enumerate(spec.signals)
    }
    return _unique(known.select("lead_id", "event_id", "type", "_us", "_age", **flags))


def _unique(events: ir.Table) -> ir.Table:
    """One copy per (lead_id, event_id): the earliest, as the real-time engine keeps. Done
    on the narrow flagged rows, so no property text is carried through the shuffle."""
    canonical = ibis.row_number().over(
        group_by=[events.lead_id, events.event_id], order_by=[events._us, events.type]
    )
    return events.mutate(_copy=canonical).filter(lambda t: t._copy == 0).drop("_copy")


def _matches(
    events: ir.Table, event_filter: EventFilter, operands: dict[str, Operand]
) -> ir.BooleanValue:
    condition = events.type.isin(list(event_filter.event_types))
    for key, test in event_filter.property_tests:
        condition = condition & predicate(test, operands[key])
    return condition


def _property_columns(events: ir.Table, keys: list[str], dialect: str) -> dict[str, ir.Value]:
    """Each property a rule reads, extracted once: text, number, missing and folded columns."""
    columns: dict[str, ir.Value] = {}
    document = events.properties.cast("string") if "properties" in events.columns else None
    for index, key in enumerate(keys):
        if key in events.columns and key not in CORE:
            operand = of_column(events[key])
        elif document is not None:
            operand = of_string(json_text(document, key, dialect))
        else:
            operand = of_column(ibis.null("string"))
        columns[f"_p{index}_text"] = operand.text
        columns[f"_p{index}_number"] = operand.number
        columns[f"_p{index}_missing"] = operand.missing
        columns[f"_p{index}_folded"] = operand.folded
    return columns
