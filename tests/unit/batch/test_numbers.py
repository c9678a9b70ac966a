"""Batch scoring reads number text (employees, annual_revenue) alike on DuckDB and Spark,
and as Python's float() does: Spark's own cast would also read "2f" or "0x1p3"."""

from __future__ import annotations

import math
from typing import Any

import ibis
import pyarrow as pa
import pytest

from leadscore.batch.arrow import to_arrow
from leadscore.batch.tables import connect
from leadscore.engine.many.number_text import number

TEXTS = ["7", " 8 ", "+5", "-0", ".5", "5.", "1e3", "1.E-2", "1_000", "1_0.2_5e1_0", "Infinity"]
TEXTS += ["-inf", "NaN", "1.5d", "2f", "2F", "0x1p3", "0x10", "1__0", "_1", "1,000", "12abc", ""]


def _read(con: Any) -> list[float | None]:
    data = pa.table({"i": list(range(len(TEXTS))), "text": TEXTS})
    if con.name == "pyspark":
        table = con.create_view("number_texts", ibis.memtable(data), overwrite=True)
    else:
        table = con.create_table("number_texts", ibis.memtable(data), temp=True)
    return to_arrow(table.select("i", n=number(table.text)).order_by("i")).column("n").to_pylist()


def _python(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_both_engines_read_numbers_as_python_does(engine: str, request: Any) -> None:
    con = request.getfixturevalue("spark_con") if engine == "spark" else connect()
    for text, read in zip(TEXTS, _read(con), strict=True):
        expected = _python(text)
        if expected is None or read is None:
            assert read is expected is None, text
        else:
            assert read == expected or (math.isnan(read) and math.isnan(expected)), text
