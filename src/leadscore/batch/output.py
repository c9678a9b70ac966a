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


def write_table(table: pa.Table, path: Path) -> None:
    kind = output_format(path)
    with atomic_path(path) as temporary:
        if kind == "parquet":
            pq.write_table(table, temporary)
        else:
            signals = pa.array(
                [";".join(items or []) for items in table.column("signals").to_pylist()]
            )
            flat = table.set_column(table.schema.get_field_index("signals"), "signals", signals)
            pa_csv.write_csv(flat, temporary)
