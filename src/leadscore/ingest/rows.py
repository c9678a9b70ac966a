"""CSV, JSON Lines and Parquet files as (row, line, values) triples: one seam for all file I/O.

`row` counts data rows from 1 (in CSV the first row after the header is row 1); `line` is the
physical line the row starts on, or None where lines mean nothing (Parquet, JSON arrays).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from leadscore.ingest.errors import IngestError

Row = tuple[int, int | None, dict[str, Any]]
PARQUET_BATCH = 65_536


def listing(names: Iterable[str], limit: int = 20) -> str:
    """Column names for a message, cut short for very wide files."""
    shown = list(names)
    more = f", ... ({len(shown) - limit} more)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _open(path: Path, newline: str | None = None) -> TextIO:
    """UTF-8 text (a BOM is dropped), decoded in C for speed; see `_not_utf8` for errors."""
    return path.open(encoding="utf-8-sig", newline=newline)


def _not_utf8(path: Path) -> IngestError:
    """Find the first line that is not UTF-8, so the message can point at it."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = f"byte {raw[exc.start]:#04x} at column {exc.start + 1}"
                return IngestError(path, f"not UTF-8 text ({byte}); save as UTF-8", line=number)
    return IngestError(path, "not UTF-8 text; save as UTF-8")


def _records(path: Path, handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on (quoted fields may span lines)."""
    reader = csv.reader(handle)
    last = 0
    try:
        for values in reader:
            start, last = last + 1, reader.line_num
            if any(values):
                yield start, values
    except csv.Error as exc:
        raise IngestError(path, f"malformed CSV: {exc}", line=last + 1) from None
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def csv_header(path: Path) -> tuple[str, ...]:
    """Column names, stripped; a trailing empty column (header ending in a comma) is tolerated."""
    with _open(path, newline="") as handle:
        first = next(_records(path, handle), None)
    if first is None:
        raise IngestError(path, "empty file: expected a header row naming the columns")
    line, names = first[0], [name.strip() for name in first[1]]
    while names and not names[-1]:
        names.pop()
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
    with _open(path, newline="") as handle:
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


def iter_json(path: Path) -> Iterator[Row]:
    """JSON Lines (one object per line); a file holding one JSON array of objects works too."""
    try:
        with _open(path) as handle:
            yield from _json_rows(path, handle)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def _json_rows(path: Path, handle: TextIO) -> Iterator[Row]:
    row = 0
    for line, text in enumerate(handle, 1):
        if not text.strip():
            continue
        if row == 0 and text.lstrip().startswith("["):
            yield from _json_array(path, text + handle.read())
            return
        row += 1
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise IngestError(path, message, row=row, line=line) from None
        yield row, line, _object(path, values, row, line)


def _json_array(path: Path, text: str) -> Iterator[Row]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        raise IngestError(path, message) from None
    for row, values in enumerate(items, 1):
        yield row, None, _object(path, values, row, None)


def _object(path: Path, values: Any, row: int, line: int | None) -> dict[str, Any]:
    if not isinstance(values, dict):
        kind = type(values).__name__
        raise IngestError(path, f"expected a JSON object, got {kind}", row=row, line=line)
    return values


def parquet_columns(path: Path) -> tuple[str, ...]:
    try:
        names = tuple(pq.read_schema(path).names)
    except (pa.ArrowException, OSError) as exc:
        raise IngestError(path, f"not a readable Parquet file: {exc}") from None
    for name in names:
        if names.count(name) > 1:
            raise IngestError(path, "column appears twice in the schema", field=name)
    return names


def iter_parquet(path: Path, batch_size: int = PARQUET_BATCH) -> Iterator[Row]:
    """Rows in record batches, so memory stays flat; values are native Python (datetime, dict)."""
    row = 0
    try:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=batch_size):
                for values in batch.to_pylist():
                    row += 1
                    yield row, None, values
    except (pa.ArrowException, OSError) as exc:
        raise IngestError(path, f"unreadable Parquet data: {exc}", row=row + 1) from None
