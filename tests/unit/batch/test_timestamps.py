"""Batch scoring reads `occurred_at` text alike on DuckDB and Spark, and as a subset of what
leadscore.ingest accepts: no engine's own leniency decides what a timestamp is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import ibis
import pyarrow as pa
import pytest

from leadscore.batch.arrow import to_arrow
from leadscore.batch.tables import connect
from leadscore.batch.timestamps import timestamp
from leadscore.domain import parse_timestamp

ACCEPTED = [
    "2026-03-01T10:00:00Z",
    "2026-03-01T10:00:00+02:00",
    "2026-03-01T10:00:00-0530",
    "2026-03-01T10:00:00+02",
    "2026-03-01T10:00:00.123Z",
    "2026-03-01T10:00:00.123456+00:00",
    "2026-03-01T10:00:00.1234567Z",
    "2026-03-01 10:00:00",
    "2026-03-01 10:00:00+02:00",
    "2026-03-01T10:00",
    "2026-03-01",
    "  2026-03-01T10:00:00Z ",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
]
#: What one engine or the other would read (as a year, today's date, a zone name, the next
#: day, a time without a leading zero...), but leadscore.ingest refuses.
REFUSED = [
    "2026",
    "2026-03",
    "T10:00:00",
    "10:00:00",
    "2026-3-1",
    "+2026-03-01",
    "2026-03-01T24:00:00",
    "2026-03-01T1:00:00",
    "2026-03-01T10:00:00 UTC",
    "2026-03-01T10:00:00 America/New_York",
    "2026-02-30",
    "2026-03-01T10:00:60",
    "12026-03-01",
    "yesterday-ish",
    "",
]


def _read(con: Any) -> list[int | None]:
    forms = ACCEPTED + REFUSED
    data = pa.table({"i": list(range(len(forms))), "text": forms})
    if con.name == "pyspark":
        table = con.create_view("timestamp_forms", ibis.memtable(data), overwrite=True)
    else:
        table = con.create_table("timestamp_forms", ibis.memtable(data), temp=True)
    read = table.select("i", at=timestamp(table.text)).order_by("i")
    return to_arrow(read).column("at").cast(pa.int64()).to_pylist()


def _micros(text: str) -> int:
    return (parse_timestamp(text) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_both_engines_read_the_forms_ingest_reads(engine: str, request: Any) -> None:
    con = request.getfixturevalue("spark_con") if engine == "spark" else connect()
    read = _read(con)
    assert read[: len(ACCEPTED)] == [_micros(text) for text in ACCEPTED]
    assert read[len(ACCEPTED) :] == [None] * len(REFUSED)
    for text in REFUSED:
        with pytest.raises(ValueError):
            parse_timestamp(text)
