"""`leadscore predict` without the terminal: a model directory and a table in, scores out.

The table is streamed in chunks (`CHUNK_ROWS`) and each chunk is scored, explained and
written before the next is read, so memory stays flat for any number of rows. Output
columns: the id column under its own name (or `row`, the 1-based row number, when the model
was trained without `--id`), `probability`, `score` (0-100), `tier`, `top_positive`,
`top_negative`. The output is written to a temporary file beside FILE and renamed at
the end: a failed run leaves no partial file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from leadscore.errors import LeadscoreError
from leadscore.predict.explain import top_factors
from leadscore.predict.model_dir import SavedModel
from leadscore.predict.tables import iter_table, table_format
from leadscore.predict.tiers import scores_of, tiers_of

CHUNK_ROWS = 100_000


def score_chunk(saved: SavedModel, chunk: pd.DataFrame, where: str) -> pd.DataFrame:
    """The output rows of one chunk of the input table."""
    model = saved.model
    features = model.schema_.transform(chunk, where)
    matrix, names, bias = model.model_.contributions(features)
    raw = matrix.sum(axis=1) + bias
    probability = model.calibrator_(raw)
    positive, negative = top_factors(matrix, names, features)
    id_column = saved.id_column
    if id_column:
        if id_column not in chunk.columns:
            raise LeadscoreError(
                f"{where}: no id column {id_column!r} (the model was trained with it)"
            )
        first = {id_column: chunk[id_column].to_numpy()}
    else:
        first = {"row": np.arange(len(chunk)) + chunk.index[0] + 1}
    return pd.DataFrame(
        {
            **first,
            "probability": probability,
            "score": scores_of(probability),
            "tier": tiers_of(probability, model.tiers_),
            "top_positive": positive,
            "top_negative": negative,
        }
    )


def predict_file(
    saved: SavedModel,
    data: Path,
    out: Path,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] = lambda rows: None,
) -> int:
    """Score every row of `data` into `out` (.csv or .parquet); returns the row count."""
    out_format = table_format(out)
    temporary = out.with_name(f".{out.name}.partial")
    rows = 0
    writer: pq.ParquetWriter | None = None
    try:
        for chunk in iter_table(data, chunk_rows):
            if rows == 0:
                saved.model.schema_.check_columns(list(chunk.columns), str(data))
            scored = score_chunk(saved, chunk, str(data))
            if out_format == "parquet":
                table = pa.Table.from_pandas(scored, preserve_index=False)
                writer = writer or pq.ParquetWriter(temporary, table.schema)
                writer.write_table(table)
            else:
                scored.to_csv(temporary, mode="a" if rows else "w", header=rows == 0, index=False)
            rows += len(chunk)
            progress(len(chunk))
        if writer is not None:
            writer.close()
            writer = None
        if rows == 0:
            raise LeadscoreError(f"{data}: no rows to score")
        os.replace(temporary, out)
    finally:
        if writer is not None:
            writer.close()
        temporary.unlink(missing_ok=True)
    return rows
