"""Values that mean "nobody answered": turned into missing before anything else looks at them.

Forms and CRMs fill unanswered fields with placeholders rather than leaving them empty.
Two rules, both case- and space-insensitive:

- the fixed list `SENTINELS` (empty text, "N/A", "NA", "null", "none", "nan", "-", "--",
  "?", "(not set)", "not specified", "not provided", "undefined");
- the default option of a form's drop-down: text that only says to choose, matched by
  `PLACEHOLDER` ("Select", "--Select--", "Please select", "Choose one", "Select an option").

"Unknown" and "Other" are real answers (someone picked them) and are kept.

Both kinds are missing values (not categories: they never count as a value when kinds
are inferred, categories counted or identifiers spotted), but a form's placeholder says
more than an empty cell: the field was shown and left alone, while an empty cell often
means it was never asked (on X Education's leads, 42 % of "Select" specialisations
converted against 10 % of empty ones). `placeholders(column)` finds those cells so that
categorical features keep them apart as `NOT_CHOSEN` (schema.py).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SENTINELS = frozenset(
    {
        "",
        "n/a",
        "na",
        "null",
        "none",
        "nan",
        "-",
        "--",
        "?",
        "(not set)",
        "not specified",
        "not provided",
        "undefined",
    }
)
PLACEHOLDER = re.compile(
    r"^[\s\-_.*<>\[\](]*(please\s+)?(select|choose)(\s+(one|an?\s+option|an?\s+\w+))?"
    r"[\s\-_.*<>\[\])]*$",
    re.IGNORECASE,
)


def is_sentinel(value: str) -> bool:
    """Whether a text value means "no answer"."""
    text = value.strip()
    return text.lower() in SENTINELS or PLACEHOLDER.match(text) is not None


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """(codes, distinct values) of a text column; None when it holds no text."""
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return None
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    values = np.asarray(uniques, dtype=object)
    if not any(isinstance(value, str) for value in values):
        return None
    return codes, values


def placeholders(column: pd.Series) -> pd.Series:
    """True where a cell holds a form's default option ("Select", "Choose one", ...)."""
    found = _distinct(column)
    if found is None:
        return pd.Series(False, index=column.index)
    codes, values = found
    chosen = np.array(
        [
            isinstance(v, str) and bool(v.strip()) and PLACEHOLDER.match(v.strip()) is not None
            for v in values
        ]
        + [False]
    )
    return pd.Series(chosen[codes], index=column.index)


def to_missing(column: pd.Series) -> pd.Series:
    """The column with text stripped and sentinel texts replaced by missing.

    Only text cells are looked at; numbers and missing values pass through. Each distinct
    value is judged once (pandas.factorize), so this stays fast on millions of rows.
    """
    found = _distinct(column)
    if found is None:
        return column
    codes, values = found
    cleaned = np.array(
        [(np.nan if is_sentinel(v) else v.strip()) if isinstance(v, str) else v for v in values]
        + [np.nan],
        dtype=object,
    )
    return pd.Series(cleaned[codes], index=column.index, dtype=object)
