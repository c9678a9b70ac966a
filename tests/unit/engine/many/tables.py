"""Leads and events as tables an engine holds (DuckDB's CON unless told otherwise, or a
Spark connection), for comparing score_many with score_one."""

from __future__ import annotations

import itertools
import json
from typing import Any

import ibis
import pyarrow as pa

from leadscore.domain import Event, Lead
from leadscore.domain.lead import STANDARD_FIELDS

CON = ibis.duckdb.connect()
CON.raw_sql("SET TimeZone = 'UTC'")
CUSTOM = ("plan", "nps")
NAMES = itertools.count()


def leads_table(people: list[Lead], con: Any = CON) -> Any:
    columns: dict[str, list[Any]] = {name: [] for name in STANDARD_FIELDS}
    columns |= {name: [] for name in CUSTOM}
    for lead in people:
        for name in STANDARD_FIELDS:
            columns[name].append(getattr(lead, name))
        for name in CUSTOM:
            value = lead.attributes.get(name)
            columns[name].append(None if value is None else str(value))
    for name, kind in (("employees", pa.int64()), ("annual_revenue", pa.float64())):
        values = columns[name]
        textual = any(isinstance(value, str) for value in values)
        columns[name] = (
            pa.array([None if v is None else str(v) for v in values], pa.string())
            if textual
            else pa.array(values, kind)
        )
    columns["created_at"] = pa.array(columns["created_at"], pa.timestamp("us", tz="UTC"))
    for name in ("email", "first_name", "last_name", "title", "company", "domain", "industry"):
        columns[name] = pa.array(columns[name], pa.string())
    for name in ("country", "source", *CUSTOM):
        columns[name] = pa.array(columns[name], pa.string())
    return _bound(pa.table(columns), con)


def _bound(table: pa.Table, con: Any) -> Any:
    """A table the connection holds, as score_many's lifecycle SQL needs a backend: a
    temporary table in DuckDB, a temporary view in Spark (not named like `t0`: Spark would
    take the Ibis query's subquery of that name for it)."""
    name = f"input_{next(NAMES)}"
    if con.name == "pyspark":
        return con.create_view(name, ibis.memtable(table), overwrite=True)
    return con.create_table(name, ibis.memtable(table), temp=True)


def events_table(history: list[Event], con: Any = CON) -> Any:
    return _bound(
        pa.table(
            {
                "event_id": pa.array([e.event_id for e in history], pa.string()),
                "lead_id": pa.array([e.lead_id for e in history], pa.string()),
                "type": pa.array([e.type for e in history], pa.string()),
                "occurred_at": pa.array(
                    [e.occurred_at for e in history], pa.timestamp("us", tz="UTC")
                ),
                "properties": pa.array([json.dumps(e.properties) for e in history], pa.string()),
            }
        ),
        con,
    )
