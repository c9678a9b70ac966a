"""`leadscore predict` without the terminal: a model directory and a table in, scores out.

The table is streamed in chunks (`CHUNK_ROWS`). Chunks are scored and explained by a pool
of threads, one per core (LightGBM, if asked, on one thread in each): finding leaves and
adding up credits is NumPy work that runs outside the GIL, so one chunk's trees overlap
another's pandas work. (Processes were tried: spawning them and passing chunks cost more
CPU than they saved, 28-32 against 23 CPU-s per million rows.) Chunks are written in
input order; at most one chunk per worker waits beyond the ones being scored, so memory
stays flat for any number of rows. The output does not depend on the number of workers
or the chunk size: each row's figures depend on that row alone. Output columns: the id
column under its own name (or `row`, the 1-based row number, when the model was trained
without `--id`), `probability`, `score` (0-100), `tier`, `top_positive`,
`top_negative`. The output is written to a temporary file beside FILE and renamed at the
end: a failed run leaves no partial file.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
from leadscore.predict.treeterms import LEAF_THREADS

CHUNK_ROWS = 100_000


def score_chunk(
    saved: SavedModel, chunk: pd.DataFrame, where: str, explain: bool = True
) -> pd.DataFrame:
    """The output rows of one chunk of the input table (without the factors: `explain=False`).

    The probability is the calibrated sum of the contributions either way, so it is the
    same to the last bit with or without the factors.
    """
    model = saved.model
    features = model.schema_.transform(chunk, where)
    matrix, names, bias = model.model_.contributions(features)
    raw = matrix.sum(axis=1) + bias
    probability = model.calibrator_(raw)
    id_column = saved.id_column
    if id_column:
        if id_column not in chunk.columns:
            raise LeadscoreError(
                f"{where}: no id column {id_column!r} (the model was trained with it)"
            )
        first = {id_column: chunk[id_column].to_numpy()}
    else:
        first = {"row": np.arange(len(chunk)) + chunk.index[0] + 1}
    columns = {
        **first,
        "probability": probability,
        "score": scores_of(probability),
        "tier": tiers_of(probability, model.tiers_),
    }
    if explain:
        columns["top_positive"], columns["top_negative"] = top_factors(matrix, names, features)
    return pd.DataFrame(columns)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _score_in_worker(
    saved: SavedModel, chunk: pd.DataFrame, where: str, explain: bool
) -> pd.DataFrame:
    token = LEAF_THREADS.set(1)
    try:
        return score_chunk(saved, chunk, where, explain)
    finally:
        LEAF_THREADS.reset(token)


def _scored_chunks(
    saved: SavedModel, data: Path, chunk_rows: int, workers: int, explain: bool = True
) -> Iterator[pd.DataFrame]:
    """The scored chunks in input order, `workers` at a time."""
    where = str(data)
    chunks = iter_table(data, chunk_rows)
    first = next(chunks, None)
    if first is None:
        return
    saved.model.schema_.check_columns(list(first.columns), where)
    if workers <= 1:
        yield score_chunk(saved, first, where, explain)
        for chunk in chunks:
            yield score_chunk(saved, chunk, where, explain)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="leadscore-predict") as pool:
        pending: deque[Future[pd.DataFrame]] = deque()
        try:
            for chunk in itertools.chain([first], chunks):
                pending.append(pool.submit(_score_in_worker, saved, chunk, where, explain))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def score_table(
    saved: SavedModel,
    data: Path,
    *,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
    explain: bool = True,
) -> pd.DataFrame:
    """Every row of `data` scored, in one frame: what `predict_file` writes, rows in order
    (`explain=False`: without the two factor columns, which cost time and memory)."""
    parts = list(_scored_chunks(saved, data, chunk_rows, workers or default_workers(), explain))
    if not parts:
        raise LeadscoreError(f"{data}: no rows to score")
    return pd.concat(parts, ignore_index=True)


def predict_file(
    saved: SavedModel,
    data: Path,
    out: Path,
    *,
    chunk_rows: int = CHUNK_ROWS,
    workers: int | None = None,
    progress: Callable[[int], None] = lambda rows: None,
) -> int:
    """Score every row of `data` into `out` (.csv or .parquet); returns the row count.

    `workers`: threads scoring chunks at once (default: one per core; 1 scores in this
    thread, with LightGBM on every core).
    """
    out_format = table_format(out)
    temporary = out.with_name(f".{out.name}.partial")
    rows = 0
    writer: pq.ParquetWriter | None = None
    try:
        for scored in _scored_chunks(saved, data, chunk_rows, workers or default_workers()):
            if out_format == "parquet":
                table = pa.Table.from_pandas(scored, preserve_index=False)
                writer = writer or pq.ParquetWriter(temporary, table.schema)
                writer.write_table(table)
            else:
                scored.to_csv(temporary, mode="a" if rows else "w", header=rows == 0, index=False)
            rows += len(scored)
            progress(len(scored))
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
