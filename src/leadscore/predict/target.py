"""The outcome column as 0/1, whatever words the file uses for it.

Accepted: a bool column; the numbers 0 and 1; and text pairs read case-insensitively —
yes/no, y/n, true/false, t/f, 1/0, won/lost, win/loss, converted/not converted,
positive/negative, success/failure, pass/fail, closed won/closed lost. A target with
another pair, more than two values or an empty cell is refused, naming the row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.errors import LeadscoreError

PAIRS: dict[str, str] = {
    "yes": "no",
    "y": "n",
    "true": "false",
    "t": "f",
    "1": "0",
    "1.0": "0.0",
    "won": "lost",
    "win": "loss",
    "converted": "not converted",
    "positive": "negative",
    "success": "failure",
    "pass": "fail",
    "closed won": "closed lost",
}
POSITIVE = frozenset(PAIRS)
NEGATIVE = frozenset(PAIRS.values())


def binary_target(column: pd.Series, name: str) -> np.ndarray:
    """0/1 per row (int8); LeadscoreError when the column is not a binary outcome."""
    empty = column.isna() | (column.astype(str).str.strip() == "")
    if empty.any():
        row = int(np.flatnonzero(empty.to_numpy())[0]) + 1
        raise LeadscoreError(
            f"target {name!r}: row {row} is empty; every row needs an outcome "
            "(drop the rows without one first)"
        )
    words = column.astype(str).str.strip().str.lower()
    distinct = sorted(words.unique())
    if len(distinct) != 2:
        shown = ", ".join(sorted(column.astype(str).unique())[:8])
        raise LeadscoreError(
            f"target {name!r} must have exactly two values (a binary outcome), "
            f"found {len(distinct)}: {shown}"
        )
    positive = [word for word in distinct if word in POSITIVE]
    negative = [word for word in distinct if word in NEGATIVE]
    if len(positive) != 1 or len(negative) != 1 or PAIRS[positive[0]] != negative[0]:
        shown = ", ".join(sorted(column.astype(str).unique()))
        raise LeadscoreError(
            f"target {name!r} has the values {shown}: cannot tell which one is the positive "
            "outcome; use 1/0, yes/no, true/false or won/lost"
        )
    return (words == positive[0]).to_numpy().astype(np.int8)
