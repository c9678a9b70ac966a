"""Candidate 1: regularised logistic regression on one-hot categories and scaled numbers.

Numbers (and yes/no) get the training median where missing plus a missing indicator, then
are standardised; categories are one-hot encoded with missing as a category of its own.
L2 penalty `C=1.0` (scikit-learn's default; the standardised design keeps one strength
sensible for every column). A column's contribution is the sum of coefficient * design
value over all the design columns it produced, so contributions add up to the log-odds.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

MISSING = "(missing)"


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), MISSING)


class LogisticMember:
    """One-hot + scaled logistic regression with per-column contributions."""

    name = "logistic"

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self:
        self.features_ = list(X.columns)
        parts = []
        for index, column in enumerate(self.features_):
            if isinstance(X[column].dtype, pd.CategoricalDtype):
                step = make_pipeline(
                    FunctionTransformer(_as_text, feature_names_out="one-to-one"),
                    OneHotEncoder(handle_unknown="ignore"),
                )
            else:
                step = make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
                    StandardScaler(),
                )
            parts.append((f"f{index}", step, [column]))
        self.design_ = ColumnTransformer(parts, sparse_threshold=1.0)
        design = self.design_.fit_transform(X)
        self.model_ = LogisticRegression(C=self.C, max_iter=2000).fit(design, y)
        owners = [int(n.split("__")[0][1:]) for n in self.design_.get_feature_names_out()]
        self.owner_ = sparse.csr_matrix(
            (np.ones(len(owners)), (np.arange(len(owners)), owners)),
            shape=(len(owners), len(self.features_)),
        )
        return self

    def raw(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.decision_function(self.design_.transform(X[self.features_]))

    def contributions(self, X: pd.DataFrame) -> tuple[np.ndarray, list[str], float]:
        design = sparse.csr_matrix(self.design_.transform(X[self.features_]))
        weighted = design.multiply(self.model_.coef_[0]).tocsr()
        matrix = np.asarray((weighted @ self.owner_).todense())
        return matrix, list(self.features_), float(self.model_.intercept_[0])
