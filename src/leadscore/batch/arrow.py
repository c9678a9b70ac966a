"""Query results as Arrow tables, straight from the engine.

Ibis hands PySpark results over through pandas, which cannot hold timestamps outside the
years 1677-2262 and copies every column twice; PySpark 4 returns Arrow itself, once each
column has the type Ibis expects (Spark types an empty array literal `array<void>`, which
Arrow refuses). Either way the columns come back with the types of the Ibis schema, so both
engines write the same file (DuckDB alone would return `5.0 + 0.0` as a decimal).
"""

from __future__ import annotations

from collections.abc import Iterator

import ibis.expr.types as ir
import pyarrow as pa


def to_arrow(expr: ir.Expr) -> pa.Table:
    """The whole result of `expr` (a table, or a scalar as a one-row table)."""
    table = expr.as_table()
    con = table._find_backend(use_default=True)
    if con.name != "pyspark":
        return table.to_pyarrow().cast(table.schema().to_pyarrow())
    frame = con.raw_sql(con.compile(table))
    if not hasattr(frame, "toArrow"):  # PySpark 3.5
        return table.to_pyarrow()
    from ibis.backends.pyspark.datatypes import PySparkSchema

    typed = [
        frame[field.name].cast(field.dataType).alias(field.name)
        for field in PySparkSchema.from_ibis(table.schema()).fields
    ]
    return frame.select(*typed).toArrow().cast(table.schema().to_pyarrow())


def chunks(expr: ir.Table, rows: int) -> Iterator[pa.Table]:
    """The result in tables of at most `rows`: streamed from DuckDB; Spark collects the
    result on the driver first."""
    con = expr._find_backend(use_default=True)
    if con.name == "pyspark":
        yield from (pa.Table.from_batches([b]) for b in to_arrow(expr).to_batches(rows))
        return
    schema = expr.schema().to_pyarrow()
    for batch in expr.to_pyarrow_batches(chunk_size=rows):
        yield pa.Table.from_batches([batch]).cast(schema)
