"""The `top_positive` / `top_negative` columns: the factors pushing a lead's score up and down.

Each is up to `TOP` factors, strongest first, as `name = value (+0.42)` joined by "; "
(for an EBM interaction pair, `A & B (+0.42)`). Numbers are contributions to the raw score
in log-odds, exact for the model (members.py); only factors that push in that direction
are listed. Built column-wise with NumPy, so a million rows take seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOP = 3


def _values(features: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    column = features[name].iloc[rows]
    if isinstance(column.dtype, pd.CategoricalDtype):
        text = column.astype(object)
    else:
        numbers = column.to_numpy(dtype=float)
        text = np.full(len(numbers), "missing", dtype=object)
        whole = np.isfinite(numbers) & (np.abs(numbers) < 1e15) & (numbers == np.round(numbers))
        text[whole] = numbers[whole].astype(np.int64).astype(str)
        other = ~whole & ~np.isnan(numbers)
        text[other] = [f"{value:.4g}" for value in numbers[other]]
        return text
    return np.asarray(text.fillna("missing").astype(str), dtype=object)


def _slot(
    order: np.ndarray, matrix: np.ndarray, names: list[str], features: pd.DataFrame, sign: int
) -> np.ndarray:
    """One position (1st, 2nd or 3rd) of the list, as text per row ('' when none)."""
    rows = np.arange(len(order))
    value = matrix[rows, order]
    text = np.full(len(order), "", dtype=object)
    numbers = pd.Series(value).map("{:+.2f}".format).to_numpy(dtype=object)
    for index in np.unique(order):
        chosen = (order == index) & (sign * value > 0)
        if not chosen.any():
            continue
        name = names[index]
        if name in features.columns:
            label = name + " = " + _values(features, name, np.flatnonzero(chosen))
        else:
            label = np.full(int(chosen.sum()), name, dtype=object)
        text[chosen] = label + " (" + numbers[chosen] + ")"
    return text


def top_factors(
    matrix: np.ndarray, names: list[str], features: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """(top_positive, top_negative) text per row."""
    k = min(TOP, matrix.shape[1])
    result = []
    for sign in (1, -1):
        signed = sign * matrix
        part = np.argpartition(-signed, k - 1, axis=1)[:, :k] if k else np.zeros((len(matrix), 0))
        part = np.take_along_axis(part, np.argsort(-np.take_along_axis(signed, part, 1), axis=1), 1)
        slots = [_slot(part[:, i], matrix, names, features, sign) for i in range(k)]
        joined = np.full(len(matrix), "", dtype=object)
        for slot in slots:
            joined = np.where(
                slot == "", joined, np.where(joined == "", slot, joined + "; " + slot)
            )
        result.append(joined)
    return result[0], result[1]
