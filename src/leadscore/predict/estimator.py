"""`LeadScoreClassifier`: the whole training recipe as a scikit-learn estimator.

`fit(X, y)` takes a raw table (a DataFrame as read from CSV/Parquet, or an array) and a
binary target; it prepares the columns (prepared.py), compares the candidates by
cross-validation (selection.py), refits the winner on all rows, calibrates it on the
out-of-fold scores (calibration.py) and sets tier thresholds (tiers.py). Parameters are
stored untouched by `__init__`; everything learned ends in `_`, as the scikit-learn
contract asks, so the estimator works in pipelines, `clone`, `cross_val_score`.

    model = LeadScoreClassifier(exclude=["Tags"]).fit(frame.drop(columns="Converted"), y)
    model.predict_proba(new_frame)[:, 1]; model.explain(new_frame)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Self

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import Tags
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

from leadscore.errors import LeadscoreError
from leadscore.predict.blend import BlendMember, stack_weights
from leadscore.predict.boosted import LightGBMMember
from leadscore.predict.calibration import fit_calibrator
from leadscore.predict.glassbox import EBMMember
from leadscore.predict.linear import LogisticMember
from leadscore.predict.members import Member, logit
from leadscore.predict.prepared import PreparedTable, prepare_features
from leadscore.predict.selection import compare, fold_labels, winner
from leadscore.predict.target import binary_target
from leadscore.predict.tiers import tier_thresholds
from leadscore.predict.validation import make_splits

CANDIDATES: dict[str, Callable[[int], Member]] = {
    "logistic": lambda seed: LogisticMember(),
    "lightgbm": lambda seed: LightGBMMember(seed),
    "ebm": lambda seed: EBMMember(seed),
}
DEFAULT_CANDIDATES = ("logistic", "lightgbm", "ebm")


class LeadScoreClassifier(ClassifierMixin, BaseEstimator):
    """Cross-validated choice among logistic regression, LightGBM, EBM and their blend."""

    def __init__(
        self,
        candidates: Sequence[str] = DEFAULT_CANDIDATES,
        folds: int = 5,
        seed: int = 0,
        exclude: Sequence[str] = (),
        id_column: str | None = None,
        time_column: str | None = None,
        guard: bool = True,
    ) -> None:
        self.candidates = candidates
        self.folds = folds
        self.seed = seed
        self.exclude = exclude
        self.id_column = id_column
        self.time_column = time_column
        self.guard = guard

    def fit(self, X: Any, y: Any) -> Self:
        """Prepare X, compare candidates, refit and calibrate the winner."""
        if y is None:
            raise ValueError(
                "LeadScoreClassifier requires y to be passed, but the target y is None"
            )
        frame = _as_frame(X)
        if frame.shape[0] == 0 or frame.shape[1] == 0:
            raise ValueError(
                f"Found array with {frame.shape[0]} sample(s) and {frame.shape[1]} feature(s) "
                f"(shape={frame.shape}) while a minimum of 1 is required."
            )
        labels = column_or_1d(y, warn=True)
        if len(labels) != len(frame):
            raise ValueError(
                f"y must have one label per row of X ({len(frame)}), got {len(labels)}"
            )
        if labels.dtype.kind in "fc" and not np.isfinite(labels).all():
            raise ValueError("Input y contains NaN or infinity")
        kind = type_of_target(labels)
        if kind == "multiclass":
            raise ValueError("Only binary classification is supported: y has more than 2 classes")
        if kind != "binary":
            raise ValueError(
                f"Unknown label type: {kind}; LeadScoreClassifier needs a binary target"
            )
        classes, y01 = _binary_labels(labels)
        prepared = prepare_features(
            frame,
            y01,
            id_column=self.id_column,
            exclude=list(self.exclude),
            time_column=self.time_column,
            guard=self.guard,
        )
        return self.fit_prepared(prepared, classes, columns=list(frame.columns))

    def fit_prepared(
        self,
        prepared: PreparedTable,
        classes: np.ndarray | None = None,
        columns: list[str] | None = None,
        progress: Callable[[str, int], None] = lambda label, total: None,
    ) -> Self:
        """Fit on an already prepared table (what `leadscore train` does).

        `progress(label, total)` is called once with the number of steps (label "") and then
        after each fit with what was fitted.
        """
        unknown = [name for name in self.candidates if name not in CANDIDATES]
        if unknown or not self.candidates:
            raise LeadscoreError(
                f"unknown candidate(s) {unknown}; choose from {', '.join(CANDIDATES)}"
            )
        X, y = prepared.features, prepared.target
        splits = make_splits(y, self.folds, self.seed, prepared.times)
        progress("", len(splits) * len(self.candidates) + len(self.candidates))
        makers = {name: (lambda n=name: CANDIDATES[n](self.seed)) for name in self.candidates}
        results = compare(makers, X, y, splits, lambda: progress("cross-validation", 0))
        self.winner_ = winner(results)
        fold = fold_labels(splits, len(y))
        scored = fold >= 0
        if self.winner_ == "blend":
            raws = np.column_stack([results[name].raw for name in self.candidates])
            weights, offset = stack_weights(raws[scored], y[scored])
            members = [makers[name]() for name in self.candidates]
            self.model_: Member = BlendMember(members, weights, offset)
            for member, weight in zip(members, weights, strict=True):
                if weight > 0:
                    member.fit(X, y)
                progress(f"refit {member.name}", 0)
        else:
            self.model_ = makers[self.winner_]().fit(X, y)
            progress(f"refit {self.winner_}", 0)
        best = results[self.winner_]
        self.calibrator_ = fit_calibrator(best.calibration, best.raw[scored], y[scored])
        self.tiers_ = tier_thresholds(self.calibrator_(best.raw[scored]))
        self.results_ = {name: result.metrics() for name, result in results.items()}
        self.schema_ = prepared.schema
        self.notes_ = list(prepared.notes)
        self.warnings_ = [str(warning) for warning in prepared.warnings]
        self.positive_rate_ = float(y.mean())
        self.classes_ = np.asarray(classes) if classes is not None else np.array([0, 1])
        self.feature_names_in_ = np.asarray(columns or prepared.schema.columns, dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        return self

    def features(self, X: Any) -> pd.DataFrame:
        """The model's feature frame for a raw table."""
        check_is_fitted(self, "model_")
        return self.schema_.transform(_as_frame(X, self.n_features_in_))

    def raw_score(self, X: Any) -> np.ndarray:
        """The model's raw scores (log-odds before calibration), what `explain` splits."""
        check_is_fitted(self, "model_")
        return self.model_.raw(self.features(X))

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds of the calibrated probability (positive: the positive class is likelier)."""
        check_is_fitted(self, "model_")
        return logit(self.predict_proba(X)[:, 1])

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "model_")
        positive = self.calibrator_(self.raw_score(X))
        return np.column_stack([1 - positive, positive])

    def predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "model_")
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]

    def explain(self, X: Any) -> tuple[np.ndarray, list[str], float]:
        """Per-row contributions to the raw score: (matrix, factor names, bias)."""
        return self.model_.contributions(self.features(X))

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.input_tags.sparse = False
        tags.classifier_tags.multi_class = False
        tags.non_deterministic = False
        return tags


def _as_frame(X: Any, expected: int | None = None) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    if sparse.issparse(X):
        raise TypeError("sparse input is not supported: pass a DataFrame or a dense array")
    array = np.asarray(X)
    if array.ndim != 2:
        raise ValueError(
            f"Expected a 2D table, got shape {array.shape}: Reshape your data, e.g. with "
            "array.reshape(-1, 1) for one feature or array.reshape(1, -1) for one sample"
        )
    if expected is not None and array.shape[1] != expected:
        raise ValueError(
            f"X has {array.shape[1]} features, but LeadScoreClassifier is expecting "
            f"{expected} features as input"
        )
    return pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])


def _binary_labels(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(classes_ with the positive class last, 0/1 per row)."""
    classes = np.unique(labels)
    if len(classes) != 2:
        raise ValueError(f"a binary target is needed, got {len(classes)} classes")
    try:
        y01 = binary_target(pd.Series(labels), "y")
    except LeadscoreError:
        return classes, (labels == classes[1]).astype(np.int8)
    positive = labels[np.flatnonzero(y01)[0]]
    negative = classes[0] if classes[1] == positive else classes[1]
    return np.array([negative, positive]), y01
