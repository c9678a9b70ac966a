"""INSERT ... ON CONFLICT for the two dialects we support."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

_STATEMENTS: dict[tuple[str, str, str, str], Any] = {}


def upsert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str) -> None:
    """Insert rows, replacing every non-key column of rows whose `key` already exists."""
    if not rows:
        return
    connection.execute(_statement(connection, table, key, "upsert"), rows)


def _statement(connection: Connection, table: Table, key: str, kind: str) -> Any:
    """Built once per dialect, table and kind: building ON CONFLICT clauses (the `excluded`
    columns above all) costs more than running them on a small request."""
    name = connection.dialect.name
    found = _STATEMENTS.get((name, table.name, key, kind))
    if found is not None:
        return found
    dialect = postgresql if name == "postgresql" else sqlite
    statement = dialect.insert(table)
    if kind == "upsert":
        updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name != key}
        found = statement.on_conflict_do_update(index_elements=[key], set_=updates)
    else:
        found = statement.on_conflict_do_nothing(index_elements=[key]).returning(table.c[key])
    _STATEMENTS[(name, table.name, key, kind)] = found
    return found


def insert_new(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str
) -> set[str]:
    """Insert the rows whose `key` is not stored yet (others are left alone, even when
    another transaction inserts them meanwhile); returns the keys inserted."""
    if not rows:
        return set()
    result = connection.execute(_statement(connection, table, key, "new"), list(rows))
    return set(result.scalars())
