"""Leads and events files as Ibis tables, normalised the way `leadscore.ingest` reads them
(trimmed text, blank = missing, lower-case email, typed numbers), so that batch and
real-time scoring see the same values. On Spark a source may also be a catalog table,
named `table:NAME`."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from ibis.backends.duckdb import Backend

from leadscore.batch.timestamps import first_unreadable, timestamp
from leadscore.engine.many.number_text import number
from leadscore.errors import LeadscoreError
from leadscore.ingest.formats import detect_format

_NAMES = itertools.count()
TRUE_WORDS = ("true", "1", "yes", "y", "t")
TEXT_FIELDS = ("email", "first_name", "last_name", "title", "company", "domain", "industry")
TEXT_FIELDS += ("country", "source")
#: A file, or `table:NAME` for a table of the Spark session's catalog.
Source = Path | str
TABLE_PREFIX = "table:"
CATALOG_NAME = re.compile(r"(\w+|`[^`]+`)(\.(\w+|`[^`]+`))*")


#: DuckDB's memory limit for a batch run; it spills to a temporary directory beyond it.
MEMORY_LIMIT = os.environ.get("LEADSCORE_BATCH_MEMORY", "3GB")


def connect() -> Backend:
    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    return con


@contextlib.contextmanager
def workspace() -> Iterator[Backend]:
    """A DuckDB connection bounded in memory, spilling to a directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="leadscore-spill-") as spill:
        con = connect()
        con.raw_sql(
            f"SET memory_limit = '{MEMORY_LIMIT}'; SET temp_directory = '{spill}'; "
            "SET preserve_insertion_order = false"
        )
        try:
            yield con
        finally:
            con.disconnect()


def catalog_name(source: Source) -> str | None:
    """The table name of a `table:NAME` source; None for a file."""
    text = str(source)
    return text.removeprefix(TABLE_PREFIX).strip() if text.startswith(TABLE_PREFIX) else None


def read_table(con: BaseBackend, source: Source) -> ir.Table:
    """Parquet is read where it lies; CSV is parsed once into a (spillable) table."""
    name = catalog_name(source)
    if name is not None:
        return _catalog_table(con, name)
    path = Path(source)
    kind = detect_format(path)
    if kind == "csv" and con.name == "pyspark":
        return con.read_csv(str(path), header=True, inferSchema=False, escape='"', multiLine=True)
    if kind == "csv":
        return con.read_csv(path, all_varchar=True, header=True)
    if kind == "parquet":
        return con.read_parquet(str(path))
    raise LeadscoreError(f"{path}: batch scoring reads CSV or Parquet files, not {kind}")


def _catalog_table(con: BaseBackend, name: str) -> ir.Table:
    """`table`, `db.table` or `catalog.db.table` (parts may be `quoted`), as the Spark
    session's catalog resolves it: Hive metastore, Unity, Iceberg, temporary views..."""
    if con.name != "pyspark":
        raise LeadscoreError(
            f"{TABLE_PREFIX}{name}: catalog tables are read by the Spark engine (--engine spark)"
        )
    if not CATALOG_NAME.fullmatch(name):
        raise LeadscoreError(f"{TABLE_PREFIX}{name}: not a table name (db.table)")
    from pyspark.errors import AnalysisException

    try:
        return con.sql(f"SELECT * FROM {name}")
    except AnalysisException as exc:
        raise LeadscoreError(f"{TABLE_PREFIX}{name}: {str(exc).strip().splitlines()[0]}") from None


def _held(con: BaseBackend, table: ir.Table, source: Source) -> ir.Table:
    if con.name != "duckdb" or catalog_name(source) is not None:
        return table
    if detect_format(Path(source)) != "csv":
        return table
    return con.create_table(f"_held_{next(_NAMES)}", table, temp=True)


def leads_table(con: BaseBackend, path: Source, id_column: str = "lead_id") -> ir.Table:
    table = read_table(con, path)
    if id_column not in table.columns:
        raise LeadscoreError(
            f"{path}: no id column {id_column!r} (columns: {', '.join(table.columns)}); "
            "name it with --id"
        )
    if id_column != "lead_id":
        table = table.drop("lead_id") if "lead_id" in table.columns else table
        table = table.rename(lead_id=id_column)
    table = table.mutate(**_ids(table, "lead_id"))
    return _held(con, table.mutate(**_normalised(table)), path)


def _normalised(table: ir.Table) -> dict[str, ir.Value]:
    columns: dict[str, ir.Value] = {}
    for name in table.columns:
        column = table[name]
        if not column.type().is_string():
            continue
        stripped = column.strip()
        columns[name] = (stripped == "").ifelse(ibis.null("string"), stripped)
    for name, kind in (("employees", "int64"), ("annual_revenue", "float64")):
        if name in table.columns and table[name].type().is_string():
            columns[name] = number(table[name]).cast(kind)
    if "email" in columns:
        columns["email"] = columns["email"].lower()
    for name in ("do_not_email", "do_not_call"):
        if name in table.columns and table[name].type().is_string():
            columns[name] = table[name].strip().lower().isin(TRUE_WORDS)
    return columns


def events_table(con: BaseBackend, path: Source) -> ir.Table:
    table = read_table(con, path)
    missing = [c for c in ("event_id", "lead_id", "type", "occurred_at") if c not in table.columns]
    if missing:
        raise LeadscoreError(f"{path}: missing required column(s) {', '.join(missing)}")
    table = table.mutate(**_ids(table, "event_id", "lead_id"))
    if table.occurred_at.type().is_string():
        _check_timestamps(table, path)
        table = table.mutate(occurred_at=timestamp(table.occurred_at))
    return _held(con, table, path)


def _ids(table: ir.Table, *names: str) -> dict[str, ir.Value]:
    """Ids as text, as files hold them, when a table holds them as numbers."""
    return {
        name: table[name].cast("string") for name in names if not table[name].type().is_string()
    }


def _check_timestamps(table: ir.Table, path: Source) -> None:
    """Name the first event whose `occurred_at` is not a timestamp, before any scoring: by
    its row in a file, by its event_id in a catalog table (which has no row order)."""
    found = first_unreadable(table)
    if found is None:
        return
    if catalog_name(path) is None:
        row = found["row"] + 1
        where = f"row {row} (line {row + 1})"
    else:
        where = f"event {found['event_id']!r}"
    raise LeadscoreError(
        f"{path}: {where}: occurred_at: not an ISO 8601 timestamp: {found['occurred_at']!r}"
    )
