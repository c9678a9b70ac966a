"""Candidate 3: interpret's explainable boosting machine (EBM), a readable additive model.

Settings trade a little accuracy for speed so that training stays under a minute on 10,000
rows: 4 outer bags, up to 10 pairwise interactions, learning rate 0.05, at most 1,000
rounds (with the EBM's own early stopping), one process. Contributions are the EBM's term
scores (`eval_terms`), one factor per column and per interaction pair ("A & B"); they add
up to the raw score with the intercept.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from interpret.glassbox import ExplainableBoostingClassifier

from leadscore.predict.members import Quiet, silenced

PARAMS: dict[str, object] = {
    "outer_bags": 4,
    "interactions": 10,
    "learning_rate": 0.05,
    "max_rounds": 1000,
    "n_jobs": 1,
}


class EBMMember:
    """An explainable boosting machine."""

    name = "ebm"
    #: about its plots, which leadscore does not draw
    quiet: Quiet = (("Missing values detected", UserWarning),)

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self:
        self.features_ = list(X.columns)
        self.model_ = ExplainableBoostingClassifier(random_state=self.seed, **PARAMS)
        with silenced(self.quiet):
            self.model_.fit(X, y)
        return self

    def raw(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.decision_function(X[self.features_])

    def contributions(self, X: pd.DataFrame) -> tuple[np.ndarray, list[str], float]:
        matrix = self.model_.eval_terms(X[self.features_])
        names = [" & ".join(self.features_[i] for i in term) for term in self.model_.term_features_]
        return np.asarray(matrix, dtype=float), names, float(self.model_.intercept_[0])
