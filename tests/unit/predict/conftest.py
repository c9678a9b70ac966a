"""A small synthetic lead table shared by the predict tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def lead_table(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Raw columns as a CSV would give them, with a learnable `Converted` outcome."""
    rng = np.random.default_rng(seed)
    minutes = rng.exponential(300, n)
    source = rng.choice(["Google", "Direct", "Referral", "Select"], n, p=[0.4, 0.3, 0.2, 0.1])
    occupation = rng.choice(["Working", "Student", "Unemployed"], n)
    visits = rng.poisson(3, n).astype(float)
    logit = (
        0.004 * minutes
        - 1.5
        + np.where(source == "Referral", 1.2, 0.0)
        + np.where(occupation == "Working", 1.0, 0.0)
        + 0.1 * visits
    )
    converted = rng.random(n) < 1 / (1 + np.exp(-logit))
    visits_text = np.where(rng.random(n) < 0.05, "", visits.astype(int).astype(str))
    return pd.DataFrame(
        {
            "Prospect ID": [f"id-{i:05d}" for i in range(n)],
            "Lead Source": source,
            "Occupation": occupation,
            "Total Time": minutes.round().astype(int).astype(str),
            "Visits": visits_text,
            "Do Not Email": rng.choice(["Yes", "No"], n, p=[0.1, 0.9]),
            "Converted": converted.astype(int).astype(str),
        }
    )


@pytest.fixture(scope="module")
def leads() -> pd.DataFrame:
    return lead_table()
