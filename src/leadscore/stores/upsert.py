"""INSERT ... ON CONFLICT for the two dialects we support."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str) -> None:
    """Insert rows, replacing every non-key column of rows whose `key` already exists."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name != key}
    connection.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates), rows)


def insert_new(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str
) -> set[str]:
    """Insert the rows whose `key` is not stored yet (others are left alone, even when
    another transaction inserts them meanwhile); returns the keys inserted."""
    if not rows:
        return set()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    column = table.c[key]
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=[key])
    result = connection.execute(statement.returning(column), list(rows))
    return set(result.scalars())
