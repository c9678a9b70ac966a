from __future__ import annotations

import pandas as pd
import pytest

from leadscore.predict import ColumnKind, infer_kind, to_missing


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["Yes", "No", "no", None], ColumnKind.boolean),
        (["1", "0", "1"], ColumnKind.boolean),
        (["1.5", "2", "10", ""], ColumnKind.numeric),
        ([3, 4, 5], ColumnKind.numeric),
        (["20-10-16", "25-10-16", "01-03-17"], ColumnKind.datetime),
        (["2024-01-02", "2024-02-03T10:00:00Z", "2024-03-01"], ColumnKind.datetime),
        (["Google", "Direct", "Google", "Select"], ColumnKind.categorical),
        (["", "Select", None], ColumnKind.empty),
        (["No", "No", "Select"], ColumnKind.constant),
    ],
)
def test_kinds_are_inferred_after_sentinels(values: list, kind: ColumnKind) -> None:
    column = to_missing(pd.Series(values, dtype=object))
    assert infer_kind(column) == kind


def test_free_text_is_text() -> None:
    notes = pd.Series([f"called on day {i}, will call back" for i in range(200)])
    assert infer_kind(notes) == ColumnKind.text
