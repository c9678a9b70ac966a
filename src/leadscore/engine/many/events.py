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
#: Flags per packed integer: bit 63 stays clear so every word is a positive int64.
BITS_PER_WORD = 62
#: |microseconds| of 0001-01-01, the earliest time a timestamp column holds.
EARLIEST_US = 62_135_596_800_000_000


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
    stamped = events.mutate(_us=_epoch_micros(events.occurred_at, dialect))
    cutoff = micros(as_of)
    known = stamped.filter(stamped._us <= cutoff)
    filters: list[EventFilter] = [*spec.engagement.rules, *spec.signals]
    readers: dict[str, set[str]] = {}
    for event_filter in filters:
        for key, _ in event_filter.property_tests:
            readers.setdefault(key, set()).update(event_filter.event_types)
    keys = sorted(readers)
    known = known.mutate(**_property_columns(known, readers, dialect))
    operands = {
        key: Operand(
            known[f"_p{i}_text"],
            known[f"_p{i}_number"],
            known[f"_p{i}_missing"],
            known[f"_p{i}_folded"],
        )
        for i, key in enumerate(keys)
    }
    types = sorted({t for f in filters for t in f.event_types})
    known = known.mutate(_tc=_type_code(known.type, types))
    distinct, bit_of = _distinct(filters)
    words = _packed(known, distinct, operands, types)
    unique = _unique(
        known.select("lead_id", "event_id", "_tc", "_us", **words), types, cutoff, dialect
    )
    age = (cutoff - unique._us).cast("float64") / MICROS_PER_DAY
    names = [rule_flag(i) for i in range(len(spec.engagement.rules))]
    names += [signal_flag(i) for i in range(len(spec.signals))]
    return unique.select("lead_id", "_us", _age=age, **_unpacked(unique, names, bit_of))


def _distinct(filters: list[EventFilter]) -> tuple[list[EventFilter], list[int]]:
    """The filters that test different things, and for each filter the index of its
    distinct twin: a signal that counts what a rule counts shares the rule's bit."""
    seen: dict[tuple[object, ...], int] = {}
    distinct: list[EventFilter] = []
    bit_of: list[int] = []
    for event_filter in filters:
        tests = tuple((key, test.model_dump_json()) for key, test in event_filter.property_tests)
        key = (tuple(sorted(set(event_filter.event_types))), tuple(sorted(tests)))
        if key not in seen:
            seen[key] = len(distinct)
            distinct.append(event_filter)
        bit_of.append(seen[key])
    return distinct, bit_of


def _word(index: int) -> str:
    return f"_bits{index // BITS_PER_WORD}"


def _type_code(value: ir.StringValue, types: list[str]) -> ir.IntegerValue:
    """2·(model types sorting before the type) + (1 if the model names it): the i-th
    named type is 2i+1, and types the model does not name fall on the even codes between.
    Found by binary search, so a few comparisons replace a test per filter."""
    if not types:
        return ibis.literal(0, "int64")
    named = value.isin(types).ifelse(1, 0)
    return 2 * _below(value, types, 0, len(types)) + named


def _packed(
    events: ir.Table,
    filters: list[EventFilter],
    operands: dict[str, Operand],
    types: list[str],
) -> dict[str, ir.IntegerValue]:
    """Flags as bits of a few integers: deduplication then carries one narrow row. The bits
    of filters on the type alone come from one lookup by type code per word."""
    codes = {name: 2 * i + 1 for i, name in enumerate(types)}
    masks: dict[str, list[int]] = {}
    tested: dict[str, ir.IntegerValue] = {}
    for index, event_filter in enumerate(filters):
        name, bit = _word(index), 1 << (index % BITS_PER_WORD)
        mask = masks.setdefault(name, [0] * (2 * len(types) + 1))
        if not event_filter.property_tests:
            for event_type in event_filter.event_types:
                mask[codes[event_type]] |= bit
            continue
        condition = events._tc.isin([codes[t] for t in set(event_filter.event_types)])
        for key, test in event_filter.property_tests:
            condition = condition & predicate(test, operands[key])
        term = condition.ifelse(ibis.literal(bit, "int64"), 0)
        tested[name] = tested[name] + term if name in tested else term
    words: dict[str, ir.IntegerValue] = {}
    for name, mask in masks.items():
        word = ibis.literal(mask, type="array<int64>")[events._tc] if any(mask) else None
        extra = tested.get(name)
        if word is None:
            words[name] = extra if extra is not None else ibis.literal(0, "int64")
        else:
            words[name] = word if extra is None else word + extra
    return words or {"_bits0": ibis.literal(0, "int64")}


def _unpacked(events: ir.Table, names: list[str], bit_of: list[int]) -> dict[str, ir.BooleanValue]:
    return {
        name: (events[_word(bit)] & (1 << (bit % BITS_PER_WORD))) != 0
        for name, bit in zip(names, bit_of, strict=True)
    }


def _unique(events: ir.Table, types: list[str], cutoff: int, dialect: str) -> ir.Table:
    """One copy per (lead_id, event_id): the earliest by (time, type), as the real-time
    engine keeps. A grouped minimum, not a window, so no sort of all events is needed;
    the order travels as one integer (time · F + type code) where it fits, else as a
    struct.
    Types the model does not name share a code only with types whose flags are all zero
    too, so the type code orders every pair of copies whose flags can differ."""
    words = [c for c in events.columns if c.startswith("_bits")]
    factor = 2 * len(types) + 2
    if factor * max(abs(cutoff), EARLIEST_US) >= 2**63:
        copy = ibis.struct({"_us": events._us, "_tc": events._tc, **{w: events[w] for w in words}})
        first = events.group_by(["lead_id", "event_id"]).aggregate(_first=copy.min())
        return first.select("lead_id", **{c: first._first[c] for c in ("_us", *words)})
    key = events._us * factor + events._tc
    pick = _duckdb_arg_min if dialect == "duckdb" else (lambda value, by: value.argmin(by))
    return (
        events.group_by(["lead_id", "event_id"])
        .aggregate(_us=events._us.min(), **{w: pick(events[w], key) for w in words})
        .drop("event_id")
    )


def _below(value: ir.StringValue, names: list[str], lo: int, hi: int) -> ir.IntegerValue:
    """How many of the sorted `names` sort before `value`, by binary search (log n tests)."""
    if lo == hi:
        return ibis.literal(lo, "int64")
    mid = (lo + hi) // 2
    return (value > names[mid]).ifelse(
        _below(value, names, mid + 1, hi), _below(value, names, lo, mid)
    )


def _epoch_micros(moment: ir.TimestampValue, dialect: str) -> ir.IntegerValue:
    """Microseconds since the epoch, read straight off the stored instant: a cast to a
    zone-less timestamp would convert every row through the session's time zone."""
    if dialect == "duckdb":
        return _duckdb_epoch_us(moment)
    if dialect == "pyspark":
        return _spark_unix_micros(moment)
    return moment.cast("timestamp").delta(EPOCH, unit="microsecond")


@ibis.udf.scalar.builtin(name="epoch_us")
def _duckdb_epoch_us(moment: datetime) -> int:  # type: ignore[empty-body]
    """DuckDB's epoch_us."""


@ibis.udf.scalar.builtin(name="unix_micros")
def _spark_unix_micros(moment: datetime) -> int:  # type: ignore[empty-body]
    """Spark's unix_micros."""


@ibis.udf.agg.builtin(name="arg_min")
def _duckdb_arg_min(value: int, by: int) -> int:  # type: ignore[empty-body]
    """DuckDB's arg_min (Ibis spells argmin as an ordered FIRST, which sorts every group)."""


def _property_columns(
    events: ir.Table, readers: dict[str, set[str]], dialect: str
) -> dict[str, ir.Value]:
    """Each property a rule reads, extracted once: text, number, missing and folded columns.

    The JSON document is parsed only for events of a type some rule reads that key of:
    parsing, not matching, is what a scan of the events spends its time on."""
    columns: dict[str, ir.Value] = {}
    document = events.properties.cast("string") if "properties" in events.columns else None
    for index, key in enumerate(sorted(readers)):
        if key in events.columns and key not in CORE:
            operand = of_column(events[key], dialect)
        elif document is not None:
            read = events.type.isin(sorted(readers[key]))
            text = read.ifelse(json_text(document, key, dialect), ibis.null("string"))
            operand = of_string(text, dialect)
        else:
            operand = of_column(ibis.null("string"))
        columns[f"_p{index}_text"] = operand.text
        columns[f"_p{index}_number"] = operand.number
        columns[f"_p{index}_missing"] = operand.missing
        columns[f"_p{index}_folded"] = operand.folded
    return columns
