from __future__ import annotations

import pandas as pd
import pytest

from leadscore.errors import LeadscoreError
from leadscore.predict import binary_target


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 0, 1], [1, 0, 1]),
        ([True, False, False], [1, 0, 0]),
        (["Yes", "no", "YES"], [1, 0, 1]),
        (["Won", "Lost", "Lost"], [1, 0, 0]),
        (["false", "true", "true"], [0, 1, 1]),
        ([1.0, 0.0, 0.0], [1, 0, 0]),
        (["Closed Won", "Closed Lost", "Closed Won"], [1, 0, 1]),
    ],
)
def test_binary_targets_map_to_zero_one(values: list, expected: list[int]) -> None:
    assert binary_target(pd.Series(values), "y").tolist() == expected


def test_more_than_two_values_is_refused_with_the_values() -> None:
    column = pd.Series(["Won", "Lost", "Engaging", "Prospecting"])
    with pytest.raises(LeadscoreError, match=r"deal_stage.*two values.*found 4.*Engaging"):
        binary_target(column, "deal_stage")


def test_an_unknown_pair_is_refused() -> None:
    with pytest.raises(LeadscoreError, match="cannot tell which one is the positive"):
        binary_target(pd.Series(["red", "blue"]), "colour")


def test_an_empty_outcome_names_the_row() -> None:
    with pytest.raises(LeadscoreError, match="row 2 is empty"):
        binary_target(pd.Series(["1", "", "0"]), "Converted")
