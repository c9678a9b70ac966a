from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.isotonic import IsotonicRegression

from leadscore.errors import LeadscoreError
from leadscore.predict.calibration import choose_calibrator, cross_fitted_brier
from leadscore.predict.selection import fold_labels
from leadscore.predict.tiers import scores_of, tier_thresholds, tiers_of
from leadscore.predict.validation import make_splits


def test_stratified_folds_score_every_row_once() -> None:
    y = np.array([0, 1] * 50)
    splits = make_splits(y, 5, 0)
    assert (fold_labels(splits, len(y)) >= 0).all()
    for train, test in splits:
        assert abs(y[test].mean() - 0.5) < 0.11 and not set(train) & set(test)


def test_time_splits_test_on_later_rows_only() -> None:
    rng = np.random.default_rng(0)
    times = pd.Series(pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.permutation(120), "D"))
    y = rng.integers(0, 2, 120)
    splits = make_splits(y, 4, 0, times)
    for train, test in splits:
        assert times.iloc[train].max() < times.iloc[test].min()
    assert (fold_labels(splits, len(y)) == -1).sum() >= 120 // 5


def test_too_few_rows_of_one_outcome_is_refused() -> None:
    with pytest.raises(LeadscoreError, match="too few rows"):
        make_splits(np.array([0, 0, 0, 1]), 5, 0)


def test_calibration_keeps_the_better_method() -> None:
    rng = np.random.default_rng(1)
    raw = rng.normal(0, 2, 3000)
    y = (rng.random(3000) < 1 / (1 + np.exp(-raw / 2))).astype(int)  # overconfident raw scores
    calibrator, briers = choose_calibrator(raw, y, rng.integers(0, 5, 3000))
    assert set(briers) == {"isotonic", "sigmoid"}
    assert briers[calibrator.method] == min(briers.values())
    assert abs(calibrator(np.array([0.0]))[0] - 0.5) < 0.05


def test_tiers_follow_training_shares() -> None:
    probability = np.linspace(0, 1, 1001)
    thresholds = tier_thresholds(probability)
    tiers = tiers_of(probability, thresholds)
    assert abs((tiers == "hot").mean() - 0.2) < 0.01
    assert abs((tiers == "warm").mean() - 0.3) < 0.01
    assert scores_of(np.array([0.004, 0.5, 0.996])).tolist() == [0, 50, 100]


def test_cross_fitted_brier_with_one_outcome_outside_a_fold_is_defined() -> None:
    """All positives in fold 0: fitted on the other folds, fold 0 gets their rate (0)."""
    raw = np.linspace(-2, 2, 40)
    y = np.r_[np.ones(5), np.zeros(35)].astype(int)
    fold = np.repeat([0, 1, 2, 3], 10)
    briers = {m: cross_fitted_brier(m, raw, y, fold) for m in ("isotonic", "sigmoid")}
    for brier in briers.values():
        assert 5 / 40 <= brier <= 1  # fold 0's five positives each miss by 1
    # the isotonic figure is the one scikit-learn gives fold by fold
    expected = np.empty(40)
    for k in range(4):
        held = fold == k
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)
        expected[held] = iso.fit(raw[~held], y[~held]).predict(raw[held])
    assert briers["isotonic"] == pytest.approx(float(np.mean((expected - y) ** 2)))
    calibrator, chosen = choose_calibrator(raw, y, fold)
    assert calibrator.method in chosen and 0 <= calibrator(np.array([0.0]))[0] <= 1


def test_cross_fitted_brier_refuses_one_fold_or_one_outcome() -> None:
    raw = np.linspace(-1, 1, 10)
    with pytest.raises(LeadscoreError, match="got 1 fold, need at least 2"):
        cross_fitted_brier("sigmoid", raw, np.r_[np.ones(5), np.zeros(5)], np.zeros(10))
    with pytest.raises(LeadscoreError, match="needs both outcomes"):
        cross_fitted_brier("sigmoid", raw, np.zeros(10, dtype=int), np.arange(10) % 2)
