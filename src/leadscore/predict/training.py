"""`leadscore train` without the terminal: a table file in, a model directory out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leadscore.predict.estimator import DEFAULT_CANDIDATES, LeadScoreClassifier
from leadscore.predict.model_dir import fingerprint, save_model
from leadscore.predict.prepared import PreparedTable, prepare_table
from leadscore.predict.tables import read_table


@dataclass
class TrainReport:
    """What training found, for the CLI to show."""

    model: LeadScoreClassifier
    prepared: PreparedTable
    metrics: dict[str, Any]
    rows: int


def train_file(
    data: Path,
    target: str,
    out: Path,
    *,
    id_column: str | None = None,
    exclude: Sequence[str] = (),
    time_column: str | None = None,
    folds: int = 5,
    seed: int = 0,
    candidates: Sequence[str] = DEFAULT_CANDIDATES,
    progress: Callable[[str, int], None] = lambda label, total: None,
) -> TrainReport:
    """Read, prepare, compare, refit, calibrate and save; the model directory is written last."""
    frame = read_table(data)
    prepared = prepare_table(
        frame,
        target,
        id_column=id_column,
        exclude=list(exclude),
        time_column=time_column,
        where=str(data),
    )
    model = LeadScoreClassifier(
        candidates=tuple(candidates),
        folds=folds,
        seed=seed,
        exclude=tuple(exclude),
        id_column=id_column,
        time_column=time_column,
    )
    model.fit_prepared(prepared, progress=progress)
    metrics = {
        "winner": model.winner_,
        "candidates": model.results_,
        "calibration": model.calibrator_.method,
        "tiers": model.tiers_,
        "positive_rate": model.positive_rate_,
        "rows": len(frame),
        "validation": (
            f"time split on {time_column!r} ({folds} forward folds)"
            if time_column
            else f"stratified {folds}-fold cross-validation, seed {seed}"
        ),
    }
    features = {
        "target": target,
        "id_column": id_column,
        "time_column": time_column,
        "columns": [
            {"name": rule.name, "kind": str(rule.kind), "categories": rule.categories}
            for rule in prepared.schema.rules
        ],
        "features": prepared.schema.features,
        "left_out": prepared.notes,
        "leakage_warnings": [str(warning) for warning in prepared.warnings],
    }
    print_ = fingerprint(data, len(frame), [str(c) for c in frame.columns])
    save_model(out, model, features, metrics, print_)
    return TrainReport(model, prepared, metrics, len(frame))
