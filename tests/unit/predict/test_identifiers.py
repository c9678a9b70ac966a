from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.predict import identifier_reason


def test_unique_text_is_an_identifier() -> None:
    ids = pd.Series([f"7927b2df-{i:04d}" for i in range(100)])
    assert "identifier" in (identifier_reason(ids) or "")


def test_running_number_out_of_order_is_an_identifier() -> None:
    numbers = np.random.default_rng(0).permutation(np.arange(660000, 660000 + 300))
    reason = identifier_reason(pd.Series(numbers.astype(str)))
    assert reason is not None and "running number" in reason


def test_a_sparse_sequence_in_row_order_is_an_identifier() -> None:
    numbers = np.cumsum(np.random.default_rng(1).integers(1, 50, 300))
    assert identifier_reason(pd.Series(numbers)) is not None


def test_measurements_are_not_identifiers() -> None:
    rng = np.random.default_rng(2)
    revenue = pd.Series(rng.lognormal(10, 2, 300).round(2))
    visits = pd.Series(rng.integers(0, 20, 300))
    spread = pd.Series(rng.permutation(rng.choice(10**9, 300, replace=False)))
    assert identifier_reason(revenue) is None
    assert identifier_reason(visits) is None
    assert identifier_reason(spread) is None


def test_repeated_text_is_not_an_identifier() -> None:
    assert identifier_reason(pd.Series(["a", "b", "c"] * 30)) is None
