"""Rows as (row, line, values) triples, and the CSV reader that makes them.

`row` counts data rows from 1 (in CSV the first row after the header is row 1); `line` is the
physical line the row starts on, or None where lines mean nothing (Parquet, JSON arrays).
JSON Lines are read in `jsonlines`, Parquet in `parquet`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from leadscore.ingest.errors import IngestError
from leadscore.ingest.textfile import not_utf8, open_text, unreadable

Row = tuple[int, int | None, dict[str, Any]]


def listing(names: Iterable[str], limit: int = 20) -> str:
    """Column names for a message, cut short for very wide files."""
    shown = list(names)
    more = f", ... ({len(shown) - limit} more)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _records(path: Path, handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on (quoted fields may span lines)."""
    reader = csv.reader(_without_nul(path, handle))
    last = 0
    try:
        for values in reader:
            start, last = last + 1, reader.line_num
            if any(values):
                yield start, values
    except csv.Error as exc:
        raise IngestError(path, f"malformed CSV: {exc}", line=last + 1) from None
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except OSError as exc:
        raise unreadable(path, exc) from None


def _without_nul(path: Path, handle: TextIO) -> Iterator[str]:
    """Lines as read, refusing NUL: a sign of a binary or UTF-16 file, and no store takes it."""
    for number, text in enumerate(handle, 1):
        if "\x00" in text:
            problem = "NUL character in the text (is it a binary or UTF-16 file?)"
            raise IngestError(path, f"{problem}; save as UTF-8 CSV", line=number)
        yield text


def csv_header(path: Path) -> tuple[str, ...]:
    """Column names, stripped; a trailing empty column (header ending in a comma) is tolerated."""
    with open_text(path, newline="") as handle:
        first = next(_records(path, handle), None)
    if first is None:
        raise IngestError(path, "empty file: expected a header row naming the columns")
    line, names = first[0], [name.strip() for name in first[1]]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise IngestError(path, "the header row names no columns", line=line)
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        if not name:
            raise IngestError(path, f"header column {position} has no name", line=line)
        if name in seen:
            raise IngestError(path, "column appears twice in the header", line=line, field=name)
        seen.add(name)
    return tuple(names)


def iter_csv(path: Path, header: tuple[str, ...]) -> Iterator[Row]:
    """Data rows as dicts keyed by the header; extra empty cells (trailing commas) are ignored."""
    width = len(header)
    with open_text(path, newline="") as handle:
        records = _records(path, handle)
        next(records, None)
        for row, (line, values) in enumerate(records, 1):
            if len(values) != width:
                values = _fit(path, values, width, row, line)
            yield row, line, dict(zip(header, values, strict=True))


def _fit(path: Path, values: list[str], width: int, row: int, line: int) -> list[str]:
    if len(values) < width or any(value.strip() for value in values[width:]):
        message = f"expected {width} values (one per column), found {len(values)}"
        raise IngestError(path, message, row=row, line=line)
    return values[:width]
