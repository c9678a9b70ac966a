"""A weighted blend of fitted candidates in log-odds space: itself a member.

Weights are learned by stacking: non-negative weights and an offset that minimise the
log-loss of the candidates' *out-of-fold* raw scores (so a candidate that overfits gets no
weight for it). The blend's raw score is the weighted sum of the members' raw scores, so
its contributions are the weighted members' contributions, factor by factor: still exact.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from leadscore.predict.members import Member


def stack_weights(raws: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Non-negative weights (one per column of `raws`) and an offset, by minimal log-loss."""
    columns = raws.shape[1]

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        z = raws @ params[:columns] + params[columns]
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.mean(np.logaddexp(0.0, z) - y * z))
        gradient = np.append(raws.T @ (p - y), np.sum(p - y)) / len(y)
        return value, gradient

    start = np.append(np.full(columns, 1.0 / columns), 0.0)
    bounds = [(0.0, None)] * columns + [(None, None)]
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x[:columns], float(result.x[columns])


class BlendMember:
    """sum of weight * member raw score + offset."""

    name = "blend"

    def __init__(self, members: list[Member], weights: np.ndarray, offset: float) -> None:
        self.members = members
        self.weights = weights
        self.offset = offset

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self:
        for member in self.members:
            member.fit(X, y)
        return self

    def raw(self, X: pd.DataFrame) -> np.ndarray:
        total = np.full(len(X), self.offset)
        for member, weight in zip(self.members, self.weights, strict=True):
            if weight > 0:
                total += weight * member.raw(X)
        return total

    def contributions(self, X: pd.DataFrame) -> tuple[np.ndarray, list[str], float]:
        names: list[str] = []
        parts: dict[str, np.ndarray] = {}
        bias = self.offset
        for member, weight in zip(self.members, self.weights, strict=True):
            if weight <= 0:
                continue
            matrix, factors, member_bias = member.contributions(X)
            bias += weight * member_bias
            for index, factor in enumerate(factors):
                if factor not in parts:
                    names.append(factor)
                    parts[factor] = np.zeros(len(X))
                parts[factor] += weight * matrix[:, index]
        matrix = (
            np.column_stack([parts[name] for name in names]) if names else np.zeros((len(X), 0))
        )
        return matrix, names, float(bias)
