"""Each candidate's explanation is exact: contributions plus bias equal its raw score."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest

from leadscore.predict import prepare_table
from leadscore.predict.blend import BlendMember, stack_weights
from leadscore.predict.boosted import PARAMS, LightGBMMember, _averaged
from leadscore.predict.glassbox import EBMMember
from leadscore.predict.linear import LogisticMember


@pytest.fixture(scope="module")
def prepared(leads: pd.DataFrame):
    return prepare_table(leads, "Converted", id_column="Prospect ID", guard=False)


@pytest.mark.parametrize("make", [LogisticMember, LightGBMMember, EBMMember])
def test_contributions_add_up_to_the_raw_score(prepared, make) -> None:
    X, y = prepared.features, prepared.target
    member = make().fit(X, y)
    matrix, names, bias = member.contributions(X.head(100))
    assert matrix.shape == (100, len(names))
    np.testing.assert_allclose(matrix.sum(axis=1) + bias, member.raw(X.head(100)), atol=1e-6)
    assert "Total Time" in names


def test_lightgbm_explains_by_tree_paths_not_treeshap(prepared) -> None:
    member = LightGBMMember().fit(prepared.features, prepared.target)
    assert member.paths_ is not None
    matrix, names, _ = member.contributions(prepared.features.head(30))
    shap = member.model_.predict(prepared.features.head(30), pred_contrib=True)
    assert names == list(prepared.features.columns)
    np.testing.assert_allclose(matrix.sum(axis=1), shap[:, :-1].sum(axis=1), atol=1e-6)


def test_the_bag_is_one_booster_scoring_as_the_mean_of_its_members(prepared) -> None:
    X, y = prepared.features, prepared.target
    fitted = [
        lgb.LGBMClassifier(n_estimators=n, random_state=seed, **PARAMS).fit(X, y)
        for seed, n in ((0, 12), (1, 30), (2, 7))
    ]
    trees = [12, 20, 7]  # the second cut short, as the plateau rule does
    averaged = _averaged([model.booster_ for model in fitted], trees)
    assert averaged.num_trees() == sum(trees)
    expected = np.mean(
        [m.predict(X, raw_score=True, num_iteration=n) for m, n in zip(fitted, trees, strict=True)],
        axis=0,
    )
    np.testing.assert_allclose(averaged.predict(X, raw_score=True), expected, rtol=0, atol=1e-9)
    shap = averaged.predict(X.head(20), pred_contrib=True)
    np.testing.assert_allclose(shap.sum(axis=1), expected[:20], rtol=0, atol=1e-9)
    member = LightGBMMember().fit(X, y)
    assert member.model_.booster_.num_trees() == member.trees_ >= 30


def test_logistic_contributions_are_per_column(prepared) -> None:
    member = LogisticMember().fit(prepared.features, prepared.target)
    matrix, names, _ = member.contributions(prepared.features.head(20))
    assert names == list(prepared.features.columns)
    time_effect = matrix[:, names.index("Total Time")]
    minutes = prepared.features["Total Time"].head(20).to_numpy()
    assert np.corrcoef(time_effect, minutes)[0, 1] > 0.99


def test_the_blend_adds_up_too(prepared) -> None:
    X, y = prepared.features, prepared.target
    members = [LogisticMember().fit(X, y), LightGBMMember().fit(X, y)]
    raws = np.column_stack([m.raw(X) for m in members])
    weights, offset = stack_weights(raws, y)
    assert (weights >= 0).all()
    blend = BlendMember(members, weights, offset)
    matrix, names, bias = blend.contributions(X.head(50))
    np.testing.assert_allclose(matrix.sum(axis=1) + bias, blend.raw(X.head(50)), atol=1e-6)
    assert len(names) == len(set(names))
