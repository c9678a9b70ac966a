from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.predict import leakage_warnings, single_column_auc
from leadscore.predict.leakage import pure_values


def _frame(n: int = 1000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    visits = rng.poisson(3 + 2 * y).astype(float)
    source = pd.Categorical(rng.choice(["google", "direct", "email"], n))
    noisy_copy = np.where(rng.random(n) < 0.02, 1 - y, y)
    verdict = np.where(y == 1, "closed", rng.choice(["ringing", "nurture", "closed"], n))
    frame = pd.DataFrame(
        {
            "visits": visits,
            "source": source,
            "outcome copy": noisy_copy.astype(float),
            "verdict": pd.Categorical(verdict),
        }
    )
    return frame, y


def test_single_column_auc_sees_a_near_copy_of_the_target() -> None:
    frame, y = _frame()
    assert single_column_auc(frame["outcome copy"], y) > 0.95
    assert 0.5 <= single_column_auc(frame["source"], y) < 0.6


def test_the_guard_names_the_leaking_columns_only() -> None:
    frame, y = _frame()
    found = {warning.column: warning for warning in leakage_warnings(frame, y)}
    assert set(found) == {"outcome copy", "verdict"}
    assert "ROC AUC" in str(found["outcome copy"])
    assert "'ringing' nearly always outcome 0" in str(found["verdict"])


def test_high_cardinality_noise_does_not_look_predictive() -> None:
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 2000)
    noise = pd.Series([f"v{i}" for i in rng.integers(0, 800, 2000)])
    assert single_column_auc(noise, y) < 0.6


def test_one_sided_values_at_a_low_conversion_rate_must_beat_chance() -> None:
    """At 3 % conversion most values convert at 3 % or less: that alone is no leak."""
    rng = np.random.default_rng(5)
    n = 10_000
    source = rng.choice(["google", "direct", "email", "partner", "event"], n)
    rate = pd.Series(source).map(
        {"google": 0.04, "direct": 0.03, "email": 0.02, "partner": 0.05, "event": 0.01}
    )
    y = (rng.random(n) < rate.to_numpy()).astype(int)
    small = rng.choice([f"region {i}" for i in range(300)], n)  # ~33 rows each, most 0 or 1
    # sales' verdict: every converted lead "closed", the others any of three
    stage = np.where(y == 1, "closed", rng.choice(["lost: price", "lost: timing", "closed"], n))
    frame = pd.DataFrame(
        {
            "source": pd.Categorical(source),
            "region": pd.Categorical(small),
            "stage": pd.Categorical(stage),
        }
    )
    found = {warning.column: warning for warning in leakage_warnings(frame, y)}
    assert set(found) == {"stage"}
    assert "'lost: price' nearly always outcome 0" in str(found["stage"])
    assert {value for value, _, _ in pure_values(frame["stage"], y)} == {
        "lost: price",
        "lost: timing",
    }
