"""Parquet files as (row, None, values): record batches, so memory stays flat.

Values come out as native Python (datetime, Decimal, dict, list); a cell Python cannot hold
(a timestamp past year 9999, text that is not UTF-8) is reported with its row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from leadscore.ingest.errors import IngestError
from leadscore.ingest.rows import Row

PARQUET_BATCH = 65_536
_CELL_ERRORS = (ValueError, OverflowError, pa.ArrowException)


def parquet_columns(path: Path) -> tuple[str, ...]:
    try:
        names = tuple(pq.read_schema(path).names)
    except (pa.ArrowException, OSError) as exc:
        raise IngestError(path, f"not a readable Parquet file: {exc}") from None
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise IngestError(path, "column appears twice in the schema", field=name)
        seen.add(name)
    return names


def iter_parquet(path: Path, batch_size: int = PARQUET_BATCH) -> Iterator[Row]:
    """Every row as a dict keyed by column name, in file order."""
    row = 0
    try:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=batch_size):
                try:
                    records = batch.to_pylist()
                except _CELL_ERRORS as exc:
                    raise _bad_cell(path, batch, row, exc) from None
                for values in records:
                    row += 1
                    yield row, None, values
    except (pa.ArrowException, OSError) as exc:
        raise IngestError(path, f"unreadable Parquet data: {exc}", row=row + 1) from None


def _bad_cell(path: Path, batch: pa.RecordBatch, before: int, exc: Exception) -> IngestError:
    """Find the earliest cell that failed to convert, to name its row and column."""
    found: list[tuple[int, str, Exception]] = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            column.to_pylist()
        except _CELL_ERRORS:
            found.append(_first_bad(name, column))
    if not found:
        return IngestError(path, f"unreadable Parquet data: {exc}", row=before + 1)
    index, name, cell = min(found, key=lambda item: item[0])
    message = f"value cannot be read ({type(cell).__name__}: {cell})"
    return IngestError(path, message, row=before + index + 1, field=name)


def _first_bad(name: str, column: pa.Array) -> tuple[int, str, Exception]:
    for index in range(len(column)):
        try:
            column[index].as_py()
        except _CELL_ERRORS as cell:
            return index, name, cell
    return len(column), name, ValueError("unknown")
