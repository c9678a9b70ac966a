from __future__ import annotations

import pandas as pd
import pytest

from leadscore.predict import is_sentinel, to_missing


@pytest.mark.parametrize(
    "value",
    ["", "  ", "Select", "select", "--Select--", "Please select", "Choose one", "N/A", "-", "?"],
)
def test_placeholders_mean_no_answer(value: str) -> None:
    assert is_sentinel(value)


@pytest.mark.parametrize("value", ["Other", "Unknown", "Selective", "Mumbai", "0", "No"])
def test_real_answers_are_kept(value: str) -> None:
    assert not is_sentinel(value)


def test_to_missing_blanks_sentinels_and_strips_text() -> None:
    column = pd.Series([" Mumbai ", "Select", "", None, 3, "N/A"], dtype=object)
    cleaned = to_missing(column)
    assert cleaned.tolist()[:1] == ["Mumbai"]
    assert cleaned.isna().tolist() == [False, True, True, True, False, True]
    assert cleaned[4] == 3


def test_numbers_pass_through() -> None:
    column = pd.Series([1.0, None, 2.5])
    assert to_missing(column) is column
