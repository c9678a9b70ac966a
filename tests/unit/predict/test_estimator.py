"""LeadScoreClassifier keeps the scikit-learn estimator contract and learns what it should."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from leadscore.predict.estimator import LeadScoreClassifier
from tests.unit.predict.conftest import lead_table


@parametrize_with_checks([LeadScoreClassifier(candidates=("logistic",), folds=3, guard=False)])
def test_scikit_learn_contract(estimator, check) -> None:
    check(estimator)


@pytest.fixture(scope="module")
def fitted(leads: pd.DataFrame) -> LeadScoreClassifier:
    X, y = leads.drop(columns=["Converted"]), leads["Converted"]
    return LeadScoreClassifier(folds=3, id_column="Prospect ID").fit(X, y)


def test_fit_compares_every_candidate_and_the_blend(fitted: LeadScoreClassifier) -> None:
    assert set(fitted.results_) == {"logistic", "lightgbm", "ebm", "blend"}
    assert fitted.winner_ in fitted.results_
    for figures in fitted.results_.values():
        assert 0.5 < figures["roc_auc"] <= 1 and 0 < figures["brier"] < 0.25
    assert list(fitted.classes_) == ["0", "1"]
    assert fitted.tiers_["hot"] >= fitted.tiers_["warm"] >= fitted.tiers_["cold"] == 0


def test_predictions_rank_new_leads(fitted: LeadScoreClassifier) -> None:
    fresh = lead_table(400, seed=1)
    probability = fitted.predict_proba(fresh.drop(columns=["Converted"]))[:, 1]
    assert roc_auc_score(fresh["Converted"].astype(int), probability) > 0.7
    assert set(fitted.predict(fresh.head(20))) <= {"0", "1"}


def test_explanations_add_up_to_the_raw_score(fitted: LeadScoreClassifier) -> None:
    rows = lead_table(50, seed=2)
    matrix, names, bias = fitted.explain(rows)
    np.testing.assert_allclose(matrix.sum(axis=1) + bias, fitted.raw_score(rows), atol=1e-6)
    assert "Prospect ID" not in names


def test_params_round_trip_and_clone(fitted: LeadScoreClassifier) -> None:
    params = fitted.get_params()
    assert params["folds"] == 3 and params["id_column"] == "Prospect ID"
    copy = clone(fitted).set_params(folds=4)
    assert copy.folds == 4 and not hasattr(copy, "model_")


def test_words_as_labels_put_the_positive_class_last(leads: pd.DataFrame) -> None:
    y = np.where(leads["Converted"] == "1", "Won", "Lost")
    model = LeadScoreClassifier(candidates=("logistic",), folds=3, guard=False)
    model.fit(leads.drop(columns=["Converted", "Prospect ID"]), y)
    assert list(model.classes_) == ["Lost", "Won"]


def test_folds_fitted_side_by_side_give_the_same_model(leads: pd.DataFrame) -> None:
    X, y = leads.drop(columns=["Converted"]), leads["Converted"]
    runs = [
        LeadScoreClassifier(candidates=("logistic", "lightgbm"), folds=3, guard=False).fit(X, y)
        for _ in range(2)
    ]
    assert runs[0].results_ == runs[1].results_
    np.testing.assert_array_equal(runs[0].predict_proba(X), runs[1].predict_proba(X))
