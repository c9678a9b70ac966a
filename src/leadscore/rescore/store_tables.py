"""The store's leads and events as DuckDB tables for score_many, filled a chunk at a time.

DuckDB cannot read the store itself (its SQLite extension cannot be fetched at run time,
and PostgreSQL is remote), so rows go SQLAlchemy -> Arrow -> DuckDB. Values are shown to
score_many as the real-time engine sees them on a `Lead`: standard fields typed, custom
attributes that fit rules name as the text engine/tests.py compares (numbers still compare
as numbers, since score_many reads numbers out of text), events' properties as JSON text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
from ibis.backends.duckdb import Backend

from leadscore.domain.lead import STANDARD_FIELDS, Lead
from leadscore.engine.tests import as_text
from leadscore.spec.model import ScoringModel

_NAMES = itertools.count()
STANDARD_TYPES: dict[str, pa.DataType] = {name: pa.string() for name in STANDARD_FIELDS}
STANDARD_TYPES |= {
    "employees": pa.int64(),
    "annual_revenue": pa.float64(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "do_not_email": pa.bool_(),
    "do_not_call": pa.bool_(),
}
LEADS_PER_CHUNK = 20_000


def custom_attributes(spec: ScoringModel) -> list[str]:
    """Attributes the fit rules read that are not standard fields (nor derived seniority)."""
    named = {test.attribute for rule in spec.fit.rules for test in rule.tests}
    return sorted(named - set(STANDARD_FIELDS) - {"seniority"})


def attribute_text(value: object) -> str | None:
    """A custom attribute as text: strings as they are, anything else as engine/tests.py
    shows it (`true`, `250`, `1.5`)."""
    if value is None or isinstance(value, str):
        return value
    return as_text(value)


def lead_batch(leads: Sequence[Lead], custom: Sequence[str]) -> pa.RecordBatch:
    columns = {
        name: pa.array([getattr(lead, name) for lead in leads], kind)
        for name, kind in STANDARD_TYPES.items()
    }
    for name in custom:
        columns[name] = pa.array(
            [attribute_text(lead.attributes.get(name)) for lead in leads], pa.string()
        )
    return pa.record_batch(columns)


def leads_table(
    con: Backend, spec: ScoringModel, leads: Iterable[Lead], only: set[str] | None = None
) -> ir.Table:
    """`leads` (those in `only`, when given) as a DuckDB table."""
    custom = custom_attributes(spec)
    schema = pa.schema([*STANDARD_TYPES.items(), *((name, pa.string()) for name in custom)])
    name, table = _empty(con, "leads", schema)
    wanted = (lead for lead in leads if only is None or lead.lead_id in only)
    while chunk := list(itertools.islice(wanted, LEADS_PER_CHUNK)):
        con.insert(name, pa.Table.from_batches([lead_batch(chunk, custom)]))
    return table


def events_table(
    con: Backend,
    batches: Iterable[pa.RecordBatch],
    schema: pa.Schema,
    only: set[str] | None = None,
) -> ir.Table:
    """The events in `batches` (of the leads in `only`, when given) as a DuckDB table."""
    name, table = _empty(con, "events", schema)
    keep = None if only is None else pa.array(sorted(only), pa.string())
    for batch in batches:
        if keep is not None:
            batch = batch.filter(pc.is_in(batch.column("lead_id"), value_set=keep))
        if batch.num_rows:
            con.insert(name, pa.Table.from_batches([batch]))
    return table


def _empty(con: Backend, what: str, schema: pa.Schema) -> tuple[str, ir.Table]:
    name = f"_store_{what}_{next(_NAMES)}"
    return name, con.create_table(name, schema=ibis.Schema.from_pyarrow(schema))
