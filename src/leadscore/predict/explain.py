"""The `top_positive` / `top_negative` columns: the factors pushing a lead's score up and down.

Each is up to `TOP` factors, strongest first, as `name = value (+0.42)` joined by "; "
(for an EBM interaction pair, `A & B (+0.42)`). Numbers are contributions to the raw score
in log-odds, exact for the model (members.py); only factors that push in that direction
are listed. Built column-wise with NumPy: a category's text is made once per category and
looked up by code, and numbers are formatted as whole arrays, so a million rows take a few
seconds.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

TOP = 3
TIE_MARGIN = 1e-6  # |100 x value| this close to a half cent: Python rounds it, not NumPy
TABLE_CENTS = 100_000  # contributions below 1,000 in size are looked up, not formatted


@cache
def _cents_table(suffix: str) -> tuple[np.ndarray, np.ndarray]:
    """'+d.dd' + suffix and '-d.dd' + suffix for every whole number of cents in the table."""
    plain = [f"{c // 100}.{c % 100:02d}{suffix}" for c in range(TABLE_CENTS)]
    return np.array(["+" + t for t in plain], dtype=object), np.array(
        ["-" + t for t in plain], dtype=object
    )


def signed_cents(value: np.ndarray, suffix: str = "") -> np.ndarray:
    """`f"{v:+.2f}" + suffix` of every value, as an object array of text.

    Looked up by whole cents `rint(100 v)`, which agrees with Python's exact decimal
    rounding except next to a tie (or for large or non-finite values); those few go
    through Python's formatting.
    """
    value = np.asarray(value, dtype=float)
    scaled = value * 100
    with np.errstate(invalid="ignore"):
        exact = np.isfinite(scaled) & (np.abs(scaled) < TABLE_CENTS - 1)
        exact &= np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) > TIE_MARGIN
    cents = np.abs(np.rint(np.where(exact, scaled, 0.0))).astype(np.int64)
    plus, minus = _cents_table(suffix)
    result = np.where(np.signbit(value), minus[cents], plus[cents])
    result[~exact] = [f"{v:+.2f}{suffix}" for v in value[~exact]]
    return result


def _labels(features: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    """'name = value (' for each of `rows` (value 'missing' for none)."""
    column = features[name]
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = [*column.cat.categories, "missing"]
        table = np.array([f"{name} = {value} (" for value in categories], dtype=object)
        return table[column.cat.codes.to_numpy()[rows]]  # code -1 (missing) takes the last
    numbers = column.to_numpy(dtype=float)[rows]
    distinct, inverse = np.unique(numbers, return_inverse=True)  # NaN sorts last, once
    text = [f"{name} = {_number(value)} (" for value in distinct]
    return np.asarray(text, dtype=object)[inverse]


def _number(value: float) -> str:
    if np.isnan(value):
        return "missing"
    if np.isfinite(value) and abs(value) < 1e15 and value == round(value):
        return str(int(value))
    return f"{value:.4g}"


def _slot(
    order: np.ndarray, matrix: np.ndarray, names: list[str], features: pd.DataFrame, sign: int
) -> np.ndarray:
    """One position (1st, 2nd or 3rd) of the list, as text per row ('' when none)."""
    value = matrix[np.arange(len(order)), order]
    text = np.full(len(order), "", dtype=object)
    pushing = sign * value > 0
    numbers = np.full(len(order), "", dtype=object)
    numbers[pushing] = signed_cents(value[pushing], ")")
    for index in np.unique(order[pushing]):
        chosen = np.flatnonzero((order == index) & pushing)
        name = names[index]
        if name in features.columns:
            label = _labels(features, name, chosen)
        else:
            label = np.full(len(chosen), name + " (", dtype=object)
        text[chosen] = label + numbers[chosen]
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
        joined = np.full(len(matrix), "", dtype=object)
        for i in range(k):
            slot = _slot(part[:, i], matrix, names, features, sign)
            # a slot is filled only when every one before it is (strongest first)
            filled = np.flatnonzero(slot != "")
            joined[filled] = (joined[filled] + "; " + slot[filled]) if i else slot[filled]
        result.append(joined)
    return result[0], result[1]
