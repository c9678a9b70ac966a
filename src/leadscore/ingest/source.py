"""One data file as mapped rows plus the means to report on them: what every reader shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from leadscore.ingest.errors import IngestError
from leadscore.ingest.jsonlines import iter_json
from leadscore.ingest.mapping import Mapping
from leadscore.ingest.parquet import iter_parquet, parquet_columns
from leadscore.ingest.rows import Row, csv_header, iter_csv, listing
from leadscore.ingest.values import FieldError, timestamp_parser


@dataclass
class Source:
    path: Path
    header: tuple[str, ...] | None  # as in the file; None when rows carry their keys (JSON)
    columns: tuple[str, ...] | None  # after the mapping renamed them
    rows: Iterator[Row]
    parse_time: Callable[[Any], datetime]
    defaults: frozenset[str]

    def require(self, fields: Iterable[str]) -> None:
        """Refuse a header that lacks a required column, before any row is read."""
        if self.columns is None or self.header is None:
            return
        for name in fields:
            if name not in self.columns and name not in self.defaults:
                message = f"missing required column (columns found: {listing(self.header)})"
                raise IngestError(self.path, message, field=name)

    def error(self, exc: FieldError, row: int, line: int | None) -> IngestError:
        return IngestError(self.path, exc.message, row=row, line=line, field=exc.field)


def open_source(path: Path, fmt: str, mapping: Mapping | None) -> Source:
    """Rows of a csv, jsonl or parquet file, renamed/translated by the mapping when given."""
    header: tuple[str, ...] | None
    if fmt == "csv":
        header = csv_header(path)
        rows = iter_csv(path, header)
    elif fmt == "parquet":
        header = parquet_columns(path)
        rows = iter_parquet(path)
    else:
        header, rows = None, iter_json(path)
    columns = header
    if mapping is not None:
        if header is not None:
            columns = mapping.rename_header(header, path)
        rows = _mapped(path, rows, mapping, check_sources=header is None)
    fmt_time = mapping.timestamp_format if mapping else None
    defaults = frozenset(mapping.defaults) if mapping else frozenset()
    return Source(path, header, columns, rows, timestamp_parser(fmt_time), defaults)


def _mapped(
    path: Path, rows: Iterator[Row], mapping: Mapping, check_sources: bool
) -> Iterator[Row]:
    """Apply the mapping; without a header, a mapped column that no row had fails at the end."""
    unseen = set(mapping.sources) if check_sources else set()
    for row, line, values in rows:
        if unseen:
            unseen = {name for name in unseen if name not in values}
        try:
            mapped = mapping.apply(values)
        except FieldError as exc:
            raise IngestError(path, exc.message, row=row, line=line, field=exc.field) from None
        yield row, line, mapped
    for target, source in mapping.columns.items():
        if source in unseen:
            raise IngestError(path, f"mapped column {source!r} not found in any row", field=target)
