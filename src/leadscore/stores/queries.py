"""Small query helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import BindParameter, Column, Connection, bindparam, select

#: Rows per executemany batch when writing.
CHUNK = 2_000


def chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    """Keep IN lists under SQLite's bound-parameter limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ids() -> BindParameter[list[str]]:
    """An expanding `:ids` list parameter: statements that use it are built once at import
    and compiled once (SQLAlchemy's cache), instead of built per call with a literal list."""
    return bindparam("ids", expanding=True)


_EXISTING: dict[Column[str], object] = {}


def existing(connection: Connection, column: Column[str], values: Iterable[str]) -> set[str]:
    """Which of `values` are already stored in `column`."""
    query = _EXISTING.get(column)
    if query is None:
        query = _EXISTING[column] = select(column).where(column.in_(ids()))
    found: set[str] = set()
    for part in chunks(sorted(set(values))):
        found.update(connection.scalars(query, {"ids": list(part)}))  # type: ignore[call-overload]
    return found
