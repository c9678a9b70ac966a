"""Values as the scoring engine compares them, so a learned bin matches what its rule matches.

The engine (engine/tests.py) treats blank text and nulls as missing, compares values that
read as numbers as numbers and everything else as trimmed, case-folded text. A card that
grouped "Google" and "google" apart, or "1" and "1.0", would score differently from the
rules it writes; these keys make both sides agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from leadscore.engine.tests import as_number, as_text, is_missing

#: A value's identity for the engine: ("n", number) or ("t", folded text).
Key = tuple[str, float] | tuple[str, str]


def missing(value: object) -> bool:
    """Missing for the engine: null, NaN from a typed column, or blank text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return bool(is_missing(value))


def number(value: object) -> float | None:
    """The number the engine reads, or None (a NaN reading matches no range either)."""
    read = as_number(value)
    return None if read is None or math.isnan(read) else read


def key(value: object) -> Key | None:
    """How `equals` / `in` see a present value; None for text reading as NaN ("nan"),
    which the engine never finds equal to anything."""
    read = as_number(value)
    if read is None:
        return ("t", as_text(value))
    return None if math.isnan(read) else ("n", read)


def shown(value: object) -> str | float | int | bool:
    """The value as written into a rule: its own text, trimmed (typed values as they are)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int):
        return value
    return float(value)  # type: ignore[arg-type]


def per_distinct(
    values: pd.Series, function: Callable[[object], object], dtype: type = int
) -> np.ndarray:
    """`function(value)` for every row, computed once per distinct value."""
    inverse, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.array([function(value) for value in uniques], dtype=dtype)
    return results[inverse] if len(results) else np.zeros(0, dtype=dtype)
