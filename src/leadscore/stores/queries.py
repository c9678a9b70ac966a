"""Small query helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Column, Connection, select

#: Rows per executemany batch when writing.
CHUNK = 2_000


def chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    """Keep IN lists under SQLite's bound-parameter limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing(connection: Connection, column: Column[str], values: Iterable[str]) -> set[str]:
    """Which of `values` are already stored in `column`."""
    found: set[str] = set()
    for part in chunks(sorted(set(values))):
        found.update(connection.scalars(select(column).where(column.in_(part))))
    return found
