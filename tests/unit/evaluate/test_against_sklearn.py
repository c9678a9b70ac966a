"""Our evaluation numbers equal scikit-learn's, ties included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from leadscore.evaluate import (
    average_precision,
    brier_score,
    calibration_table,
    conversion_by_band,
    deciles,
    evaluate_score,
    roc_auc,
)

ROWS = st.lists(
    st.tuples(st.booleans(), st.integers(min_value=0, max_value=20)), min_size=2, max_size=80
).filter(lambda rows: 0 < sum(y for y, _ in rows) < len(rows))


@settings(max_examples=150, deadline=None)
@given(ROWS)
def test_ranking_and_probability_measures_equal_sklearn(rows: list[tuple[bool, int]]) -> None:
    labels = [y for y, _ in rows]
    probabilities = [s / 20 for _, s in rows]  # coarse, so ties and bin edges are common
    assert roc_auc(labels, probabilities) == pytest.approx(roc_auc_score(labels, probabilities))
    assert average_precision(labels, probabilities) == pytest.approx(
        average_precision_score(labels, probabilities)
    )
    assert brier_score(labels, probabilities) == pytest.approx(
        brier_score_loss(labels, probabilities)
    )
    observed, predicted = calibration_curve(labels, probabilities, n_bins=10)
    table = calibration_table(labels, probabilities, bins=10)
    assert [b.observed_rate for b in table] == pytest.approx(list(observed))
    assert [b.mean_predicted for b in table] == pytest.approx(list(predicted))
    assert sum(b.count for b in table) == len(rows)


def test_calibration_bin_edges_belong_to_the_lower_bin() -> None:
    table = calibration_table([0, 1, 1], [0.0, 0.1, 0.15], bins=10)
    assert [(b.low, b.high, b.count) for b in table] == [(0.0, 0.1, 2), (0.1, 0.2, 1)]


def test_deciles_on_distinct_scores() -> None:
    labels = [1] * 10 + [0] * 90
    scores = list(range(100, 0, -1))  # the ten positives score best
    table = deciles(labels, scores)
    assert [d.count for d in table] == [10] * 10
    assert table[0].rate == 1.0 and table[0].lift == pytest.approx(10.0)
    assert [d.cumulative_gain for d in table] == [1.0] * 10
    assert table[-1].cumulative_lift == pytest.approx(1.0)


def test_tied_scores_stay_in_one_decile() -> None:
    labels = [1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    scores = [5, 5, 5, 5, 5, 1, 1, 1, 1, 1]
    table = deciles(labels, scores)
    assert [(d.decile, d.count, d.positives) for d in table] == [(3, 5, 2), (8, 5, 0)]
    assert table[-1].cumulative_gain == 1.0


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_cumulative_gains_match_a_numpy_computation(rows: list[tuple[bool, int]]) -> None:
    labels = np.array([y for y, _ in rows])
    scores = np.array([s for _, s in rows], dtype=float)
    table = deciles(labels.tolist(), scores.tolist())
    for part in table:
        top = scores >= part.min_score
        assert part.cumulative_gain == pytest.approx(labels[top].sum() / labels.sum())
    assert sum(d.count for d in table) == len(rows)


def test_conversion_by_band_keeps_the_models_order() -> None:
    rates = conversion_by_band(
        [1, 0, 1, 1, 0], ["hot", "cold", "hot", "warm", "warm"], ["hot", "warm", "cold", "x"]
    )
    assert [(r.band, r.count, r.positives) for r in rates] == [
        ("hot", 2, 2),
        ("warm", 2, 1),
        ("cold", 1, 0),
        ("x", 0, 0),
    ]
    assert rates[0].share_of_positives == pytest.approx(2 / 3)


def test_evaluate_score_needs_both_outcomes() -> None:
    with pytest.raises(ValueError, match="both outcomes"):
        evaluate_score([1, 1], [0.2, 0.3])


def test_probabilities_outside_zero_one_are_refused() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        brier_score([1, 0], [1.5, 0.2])
