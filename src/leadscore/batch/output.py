"""Write batch results as CSV or Parquet, all or nothing: a failed run leaves no file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from leadscore.errors import LeadscoreError


def output_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise LeadscoreError(f"{path}: write .csv or .parquet output, not {suffix or 'no suffix'}")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, renamed onto it only if the block succeeds."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)  # mkstemp makes 0600; results are for sharing
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


class BatchWriter:
    """Batches of results into one CSV or Parquet file, renamed into place on success."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = output_format(path)
        self._atomic = atomic_path(path)
        self._writer: pq.ParquetWriter | pa_csv.CSVWriter | None = None

    def __enter__(self) -> BatchWriter:
        self._temporary = self._atomic.__enter__()
        return self

    def write(self, table: pa.Table) -> None:
        if self.kind == "csv":
            table = _flat_signals(table)
        if self._writer is None:
            self._writer = (
                pq.ParquetWriter(self._temporary, table.schema)
                if self.kind == "parquet"
                else pa_csv.CSVWriter(self._temporary, table.schema)
            )
        self._writer.write_table(table)

    def __exit__(self, *exc: object) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
        finally:
            self._atomic.__exit__(*exc)  # type: ignore[arg-type]


def _flat_signals(table: pa.Table) -> pa.Table:
    """CSV has no lists: signals as one `a;b` text field."""
    signals = pa.array([";".join(items or []) for items in table.column("signals").to_pylist()])
    return table.set_column(table.schema.get_field_index("signals"), "signals", signals)
