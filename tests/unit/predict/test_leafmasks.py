"""Leaves found with bit masks are LightGBM's own, on values chosen to sit on every edge."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest

from leadscore.predict.leafmasks import ZERO, column_values, leaf_masks
from leadscore.predict.treeterms import MASK_MIN_ROWS, leaf_indices

CATEGORIES = ["a", "b", "c", "d", "e", "f"]


def _training(rows: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 2, rows)
    x[rng.random(rows) < 0.1] = np.nan
    zeros = np.where(rng.random(rows) < 0.4, 0.0, rng.exponential(3, rows))
    whole = rng.integers(-3, 4, rows).astype(float)
    category = pd.Categorical(rng.choice(CATEGORIES, rows), categories=CATEGORIES)
    category[rng.random(rows) < 0.1] = np.nan
    frame = pd.DataFrame({"x": x, "zeros": zeros, "whole": whole, "kind": category})
    logit = np.nan_to_num(x) + 0.5 * zeros - 0.3 * whole + np.asarray(category.codes) % 3
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit + 1))).astype(int)
    return frame, y


def _edges(model: lgb.LGBMClassifier, frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Rows whose numbers sit on, just below and just above every threshold of the model,
    and on LightGBM's special values (0, -0, tiny, the zero band's edges, ±inf, NaN)."""
    dump = model.booster_.dump_model()
    names = list(frame.columns)
    points: dict[str, set[float]] = {name: set() for name in names}

    def visit(node: dict) -> None:
        if "leaf_index" in node:
            return
        if node["decision_type"] == "<=":
            t = float(node["threshold"])
            points[names[node["split_feature"]]] |= {
                t,
                np.nextafter(t, -np.inf),
                np.nextafter(t, np.inf),
            }
        visit(node["left_child"])
        visit(node["right_child"])

    for info in dump["tree_info"]:
        visit(info["tree_structure"])
    special = {0.0, -0.0, 1e-36, -1e-36, ZERO, -ZERO, 2 * ZERO, -2 * ZERO, np.inf, -np.inf}
    rng = np.random.default_rng(seed)
    rows = 4000
    out = {}
    for name in names:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            out[name] = frame[name].sample(rows, replace=True, random_state=seed).to_numpy()
        else:
            pool = np.array([*sorted(points[name] | special), np.nan])
            out[name] = rng.choice(pool, rows)
    edge = pd.DataFrame(out)
    edge["kind"] = pd.Categorical(edge["kind"], categories=CATEGORIES)
    return edge


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"zero_as_missing": True},
        {"use_missing": False},
        {"num_leaves": 40, "min_child_samples": 5},  # 64-bit masks
        {"num_leaves": 20, "max_cat_to_onehot": 8},  # one-vs-rest category splits
    ],
)
def test_masks_find_lightgbms_leaves_on_every_edge(params: dict) -> None:
    frame, y = _training(3000, seed=1)
    model = lgb.LGBMClassifier(n_estimators=60, verbose=-1, random_state=0, n_jobs=1, **params)
    model.fit(frame, y)
    masks = leaf_masks(model.booster_)
    assert masks is not None
    for test in (_edges(model, frame, seed=2), _training(3000, seed=3)[0]):
        values = column_values(test, masks)
        assert values is not None
        found = np.empty((len(test), model.booster_.num_trees()), dtype=np.int32)
        masks.leaves(values, found)
        assert np.array_equal(found, model.predict(test, pred_leaf=True))


def test_leaf_indices_of_a_large_table_use_the_masks_and_agree() -> None:
    frame, y = _training(3000, seed=4)
    model = lgb.LGBMClassifier(n_estimators=40, num_leaves=15, verbose=-1, n_jobs=1).fit(frame, y)
    big = _training(MASK_MIN_ROWS + 10, seed=5)[0]
    found = leaf_indices(model, big)
    assert found.dtype == np.uint8
    assert np.array_equal(found, model.predict(big, pred_leaf=True))


def test_other_categories_than_the_models_are_declined() -> None:
    frame, y = _training(2000, seed=6)
    model = lgb.LGBMClassifier(n_estimators=10, verbose=-1, n_jobs=1).fit(frame, y)
    masks = leaf_masks(model.booster_)
    other = frame.assign(kind=frame["kind"].cat.add_categories(["z"]))
    assert masks is not None and column_values(other, masks) is None
