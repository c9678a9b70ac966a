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


def placeholders(column: pd.Series) -> pd.Series:
    """True where a cell holds a form's default option ("Select", "Choose one", ...)."""
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return pd.Series(False, index=column.index)
    try:
        stripped = column.astype(object).str.strip()
    except AttributeError:
        return pd.Series(False, index=column.index)
    distinct = stripped.dropna().unique()
    chosen = [value for value in distinct if PLACEHOLDER.match(value) and value.strip()]
    return stripped.isin(chosen) if chosen else pd.Series(False, index=column.index)


def to_missing(column: pd.Series) -> pd.Series:
    """The column with text stripped and sentinel texts replaced by missing.

    Only text cells are looked at; numbers and missing values pass through. Each distinct
    value is judged once, so this stays fast on millions of rows.
    """
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return column
    column = column.astype(object)
    try:
        stripped = column.str.strip()
    except AttributeError:  # no text at all
        return column
    is_text = stripped.notna()
    blank = [value for value in stripped[is_text].unique() if is_sentinel(value)]
    cleaned = column.where(~is_text, stripped)
    return cleaned.mask(stripped.isin(blank)) if blank else cleaned
