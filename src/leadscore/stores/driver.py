"""Plain DBAPI execution for the few statements every real-time request runs.

SQLAlchemy Core costs some 40-80 µs per statement in Python (execution context, cache
key, bind and result processors); a real-time ingest runs about ten, more than the rest
of the request. The hot repositories run those few statements on the driver's own cursor,
inside the same transaction, with hand-written SQL that both dialects read (`?` becomes
`%s` for psycopg), converting values exactly as the column types in `types.py` and
SQLAlchemy do, so rows written either way read back the same through either:

- timestamps: naive UTC; on SQLite the text SQLAlchemy writes, `YYYY-MM-DD HH:MM:SS.ffffff`
  (comparisons and ORDER BY on SQLite compare that text, so the shape must be exact);
- JSON: text on SQLite, psycopg's `Json` on PostgreSQL (whose driver parses it on read);
- booleans: 0/1 on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Connection

#: Lengths of naive timestamp text: `YYYY-MM-DD HH:MM:SS` with or without `.ffffff`.
_NAIVE_TEXT = frozenset({19, 26})


class Driver:
    """The transaction's DBAPI connection, with the dialect's conversions."""

    __slots__ = ("_raw", "postgres")

    def __init__(self, connection: Connection) -> None:
        self._raw: Any = connection.connection.driver_connection
        self.postgres = connection.dialect.name == "postgresql"

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._raw.cursor()
        try:
            cursor.execute(_sql(sql, self.postgres), params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        cursor = self._raw.cursor()
        try:
            cursor.execute(_sql(sql, self.postgres), params)
        finally:
            cursor.close()

    def many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        """One statement per row of `params`: an executemany, or a plain execute for one
        row (psycopg runs executemany in pipeline mode, which costs more for one row)."""
        if len(params) == 1:
            self.run(sql, params[0])
            return
        cursor = self._raw.cursor()
        try:
            cursor.executemany(_sql(sql, self.postgres), params)
        finally:
            cursor.close()

    # --- values in and out --------------------------------------------------------------
    def time_in(self, value: datetime | None) -> Any:
        if value is None:
            return None
        if value.tzinfo is UTC and not self.postgres:
            # the ISO text without its "+00:00" (replace(tzinfo=None) costs more than it)
            return value.isoformat(" ", "microseconds")[:26]
        if value.tzinfo is UTC:
            value = value.replace(tzinfo=None)
        elif value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value if self.postgres else value.isoformat(" ", "microseconds")

    def time_out(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            if len(value) in _NAIVE_TEXT:  # as stored: read as UTC directly (replace() costs)
                try:
                    return datetime.fromisoformat(value + "+00:00")
                except ValueError:  # an offset in the text already
                    pass
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)

    def json_in(self, value: Any) -> Any:
        if self.postgres:
            return _pg_json(value)
        return json_text(value)

    def json_out(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) and not self.postgres else value


def json_text(value: Any) -> str:
    """JSON text as SQLAlchemy's JSON type writes it (the same values read back), by orjson;
    the stdlib for what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value)


def marks(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` values."""
    return _marks(count)


@lru_cache(maxsize=1024)
def _marks(count: int) -> str:
    return ", ".join("?" * count)


@lru_cache(maxsize=512)
def _sql(sql: str, postgres: bool) -> str:
    return sql.replace("?", "%s") if postgres else sql


def _pg_json(value: Any) -> Any:
    from psycopg.types.json import Json

    return Json(value, dumps=json_text)
