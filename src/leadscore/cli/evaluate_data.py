"""What `leadscore evaluate` measures: outcomes and a score per row of a data file.

The score comes from a column of the file (`--score`), from scoring the file with a
scoring-model file through the batch engine, exactly as `leadscore score --leads FILE
--rules FILE` does (`--rules`), or from a model directory of `leadscore train`, exactly as
`leadscore predict` scores it (`--model`: the probability is the score, tiers are the
model's). Bad cells are named by row and column.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from leadscore.batch import score_files
from leadscore.domain.timeutil import now_utc
from leadscore.errors import LeadscoreError
from leadscore.predict.tables import read_table
from leadscore.predict.target import binary_target
from leadscore.spec.loader import load_spec

ROW_ID = "__leadscore_row__"


@dataclass
class Scored:
    """Outcome and score per row; tiers and grades when a scoring model gave them."""

    labels: list[int]
    scores: list[float]
    probabilities: list[float] | None = None
    tiers: list[str] | None = None
    grades: list[str] | None = None
    tier_order: tuple[str, ...] = ()
    grade_order: tuple[str, ...] = ()


def load_scored(
    data: Path,
    target: str,
    score: str | None,
    rules: Path | None,
    probability: str | None,
    id_column: str | None,
    model: Path | None = None,
) -> Scored:
    frame = read_table(data)
    _require(frame, data, [target, *(c for c in (score, probability, id_column) if c)])
    labels = binary_target(frame[target], target).astype(int).tolist()
    if model is not None:
        return _model_scores(data, model, labels)
    probabilities = _numbers(frame, probability, data, unit=True) if probability else None
    if score is not None:
        return Scored(labels, _numbers(frame, score, data), probabilities)
    if rules is None:
        raise LeadscoreError("evaluate needs what to measure: --rules FILE or --score COL")
    results = _rules_scores(frame, data, rules, id_column)
    spec = load_spec(rules)
    return Scored(
        labels,
        results["total"].astype(float).tolist(),
        probabilities,
        results["tier"].astype(str).tolist(),
        results["grade"].astype(str).tolist(),
        tuple(reversed(spec.tiers)),
        tuple(reversed(spec.grades)),
    )


def _model_scores(data: Path, model: Path, labels: list[int]) -> Scored:
    """The file scored by a trained model, rows in file order (no id column needed)."""
    from leadscore.predict.model_dir import load_model
    from leadscore.predict.scoring import score_table

    saved = load_model(model)
    by_position = dataclasses.replace(saved, features={**saved.features, "id_column": None})
    scored = score_table(by_position, data, explain=False)  # no factors needed here
    probabilities = scored["probability"].astype(float).tolist()
    return Scored(
        labels,
        probabilities,
        probabilities,
        scored["tier"].astype(str).tolist(),
        tier_order=tuple(saved.model.tiers_),
    )


def _require(frame: pd.DataFrame, data: Path, columns: list[str]) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise LeadscoreError(
            f"{data}: no column {', '.join(map(repr, missing))}; "
            f"columns are: {', '.join(map(str, frame.columns))}"
        )


def _numbers(frame: pd.DataFrame, column: str, data: Path, unit: bool = False) -> list[float]:
    values = pd.to_numeric(frame[column].replace("", np.nan), errors="coerce")
    bad = values.isna() | (~values.between(0, 1) if unit else False)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        expected = "a probability between 0 and 1" if unit else "a number"
        raise LeadscoreError(
            f"{data}: row {row + 1}: column {column!r} has {frame[column].iloc[row]!r}, "
            f"expected {expected}"
        )
    return values.astype(float).tolist()


def _rules_scores(
    frame: pd.DataFrame, data: Path, rules: Path, id_column: str | None
) -> pd.DataFrame:
    """Batch-score the file; rows line up with `frame`'s (by id, or by row number)."""
    with tempfile.TemporaryDirectory(prefix="leadscore-evaluate-") as work:
        out = Path(work) / "scores.parquet"
        if id_column is not None:
            ids = frame[id_column].astype(str).str.strip()
            duplicated = ids.duplicated()
            if duplicated.any():
                row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 1
                raise LeadscoreError(
                    f"{data}: row {row}: id {ids.iloc[row - 1]!r} in {id_column!r} is used twice"
                )
            score_files(rules, data, out, now_utc(), id_column=id_column)
        else:
            numbered = Path(work) / "leads.parquet"
            frame.assign(**{ROW_ID: [str(i) for i in range(len(frame))]}).to_parquet(numbered)
            ids = pd.Series([str(i) for i in range(len(frame))])
            score_files(rules, numbered, out, now_utc(), id_column=ROW_ID)
        results = pq.read_table(out).to_pandas()
    return results.set_index(results["lead_id"].astype(str).str.strip()).loc[ids.to_numpy()]
