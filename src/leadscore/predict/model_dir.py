"""The model directory `leadscore train --out DIR` writes and `leadscore predict` reads.

    model.joblib      the fitted LeadScoreClassifier (schema, winner, calibrator, tiers)
    features.json     the columns a file must have (with their kinds and categories), the
                      features the model sees, the id and target columns, columns left
                      out and why, leakage warnings
    metrics.json      every candidate's cross-validated ROC AUC, PR AUC, Brier score and
                      calibration; the winner; tier thresholds; folds, seed and split
    fingerprint.json  the training file: SHA-256 of its bytes, rows, columns
    versions.json     Python, leadscore and library versions used

A joblib file runs code when loaded: load model directories you made or trust only.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib

from leadscore.errors import LeadscoreError
from leadscore.predict.estimator import LeadScoreClassifier

FILES = ("model.joblib", "features.json", "metrics.json", "fingerprint.json", "versions.json")
LIBRARIES = ("leadscore", "scikit-learn", "lightgbm", "interpret-core", "pandas", "numpy", "joblib")


@dataclass
class SavedModel:
    """A loaded model directory."""

    model: LeadScoreClassifier
    features: dict[str, Any]
    metrics: dict[str, Any]
    path: Path

    @property
    def id_column(self) -> str | None:
        return self.features.get("id_column")


def fingerprint(path: Path, rows: int, columns: list[str]) -> dict[str, Any]:
    """What identifies the training data: hash of the file's bytes, its shape and columns."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"file": path.name, "sha256": digest.hexdigest(), "rows": rows, "columns": columns}


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def save_model(
    directory: Path,
    model: LeadScoreClassifier,
    features: dict[str, Any],
    metrics: dict[str, Any],
    print_: dict[str, Any],
) -> None:
    """Write the directory (created if needed; files of an earlier model replaced)."""
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, directory / "model.joblib", compress=3)
    for name, content in (
        ("features.json", features),
        ("metrics.json", metrics),
        ("fingerprint.json", print_),
        ("versions.json", versions()),
    ):
        (directory / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def load_model(directory: Path) -> SavedModel:
    """Read a model directory; a clear error when it is not one."""
    missing = [name for name in FILES if not (directory / name).exists()]
    if missing:
        raise LeadscoreError(
            f"{directory}: not a model directory (missing {', '.join(missing)}); "
            "create one with leadscore train"
        )
    model = joblib.load(directory / "model.joblib")
    if not isinstance(model, LeadScoreClassifier):
        raise LeadscoreError(f"{directory / 'model.joblib'}: not a leadscore model")
    features = json.loads((directory / "features.json").read_text(encoding="utf-8"))
    metrics = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))
    return SavedModel(model, features, metrics, directory)
