"""Columns that name a row rather than describe it, left out of every model.

A model that learns from an identifier memorises rows (or, for a running number, the
period a lead came in) instead of what predicts conversion. A column counts as an
identifier when

- its filled values are distinct on every row and it is text (a UUID, an e-mail, a CRM
  key), or
- it is a *running number*: whole numbers, distinct on at least `DISTINCT_SHARE` of the
  rows, which either follow the row order (|Spearman correlation with the row position|
  ≥ `ORDER_CORRELATION`) or are packed into a range at most `PACKED_RANGE` times the row
  count (like 660737, 660728, ...).

A real measurement can be unique per row too (revenue in cents), but it is rarely whole
*and* packed: such a column stays a feature.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.predict.kinds import to_numbers

DISTINCT_SHARE = 0.99
ORDER_CORRELATION = 0.9
PACKED_RANGE = 3
MIN_ROWS = 20


def identifier_reason(column: pd.Series) -> str | None:
    """Why this column is an identifier, or None when it is not one."""
    filled = column.dropna()
    if len(filled) < MIN_ROWS:
        return None
    distinct = filled.nunique()
    numbers = to_numbers(filled)
    is_text = numbers.notna().mean() < 1.0
    if is_text and distinct == len(filled):
        return "distinct on every row (an identifier)"
    if is_text or distinct < DISTINCT_SHARE * len(filled):
        return None
    if not np.allclose(numbers, np.round(numbers)):
        return None
    span = numbers.max() - numbers.min() + 1
    order = pd.Series(np.arange(len(numbers)), index=numbers.index)
    correlation = abs(numbers.corr(order, method="spearman"))
    if correlation >= ORDER_CORRELATION or span <= PACKED_RANGE * len(filled):
        return "a running number (distinct whole numbers in a narrow range or in row order)"
    return None
