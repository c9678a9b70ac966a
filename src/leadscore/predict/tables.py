"""Reading a training or scoring table: CSV (every cell as text) or Parquet (typed).

CSV cells are read as text, never guessed per chunk, so a file streamed in pieces is read
exactly as the same file read whole; the schema (schema.py) turns text into numbers,
dates and categories.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from leadscore.errors import LeadscoreError

CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")


def table_format(path: Path) -> str:
    """'csv' or 'parquet', from the file name."""
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    raise LeadscoreError(f"{path}: unknown table format (expected .csv or .parquet)")


def read_table(path: Path) -> pd.DataFrame:
    """The whole table."""
    return pd.concat(list(iter_table(path, chunk_rows=None)), ignore_index=True)


def iter_table(path: Path, chunk_rows: int | None = 200_000) -> Iterator[pd.DataFrame]:
    """The table in chunks of about `chunk_rows` rows (None: one chunk), index = row - 1."""
    if not path.exists():
        raise LeadscoreError(f"{path}: no such file")
    fmt = table_format(path)
    try:
        chunks = (
            _parquet_chunks(path, chunk_rows) if fmt == "parquet" else _csv_chunks(path, chunk_rows)
        )
        yield from chunks
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LeadscoreError(f"{path}: cannot read as {fmt}: {exc}") from None


def _csv_chunks(path: Path, chunk_rows: int | None) -> Iterator[pd.DataFrame]:
    sep = "\t" if path.name.lower().endswith(".tsv") else ","
    options = dict(sep=sep, dtype=str, keep_default_na=False, na_filter=False)
    if chunk_rows is None:
        yield pd.read_csv(path, **options)
        return
    with pd.read_csv(path, chunksize=chunk_rows, **options) as reader:
        yield from reader


def _parquet_chunks(path: Path, chunk_rows: int | None) -> Iterator[pd.DataFrame]:
    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise LeadscoreError(f"{path}: cannot read as parquet: {exc}") from None
    if chunk_rows is None:
        yield source.read().to_pandas()
        return
    start = 0
    for batch in source.iter_batches(batch_size=chunk_rows):
        chunk = batch.to_pandas()
        chunk.index = pd.RangeIndex(start, start + len(chunk))
        start += len(chunk)
        yield chunk
