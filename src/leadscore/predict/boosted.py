"""Candidate 2: LightGBM gradient-boosted trees with generic, regularised defaults.

Small trees (15 leaves, at least 20 rows per leaf), learning rate 0.1, row and column
subsampling (0.8 / 0.7), L2 penalty 5 and smoothed categorical splits. The model is a bag
of `BAG` boosters, one per stratified part of the training rows left out: each learns
from the other parts, stops early (100 rounds of patience, at most 1,000 trees) on the
part it left out and keeps the fewest trees on the plateau of that part's log-loss. The
bag's raw score is the mean of theirs; it is stored as one LightGBM model (every tree's
leaf values divided by the bag size), so prediction, leaf finding and explanation see a
single booster. Averaging boosters that each saw a different two thirds of the rows
ranks better than one booster refit on all rows with one held-out tree count (X
Education, 5-fold CV: 0.9840 -> 0.9848 all columns, 0.9044 either way before contact;
with schema.py's row tallies 0.9850 / 0.9051). Its fits cost about what the probe-and-refit
they replace did (exactness checked on 2,000 rows instead of 20,000), but it holds ~1.6x
the trees (414 -> 667 on the speed benchmark's 10,000 rows), which prediction walks.
One thread: data sets this size train faster without thread hand-offs. Contributions
are exact path attributions (treeterms.py), which add up to the raw score and take
seconds for a million rows where TreeSHAP (`pred_contrib=True`, the fallback) takes minutes.
"""

from __future__ import annotations

import re
from typing import Self

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from leadscore.predict.treeterms import TreePaths, leaf_indices

PARAMS: dict[str, object] = {
    "learning_rate": 0.1,
    "num_leaves": 15,
    "min_child_samples": 20,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.7,
    "reg_lambda": 5.0,
    "cat_smooth": 10.0,
    "cat_l2": 10.0,
    "verbose": -1,
    "n_jobs": 1,
}
MAX_TREES = 1000
PATIENCE = 100
BAG = 3
CHECK_ROWS = 2_000  # rows the exactness checks after fitting look at
TOLERANCE = 0.002


class LightGBMMember:
    """A bag of early-stopped LightGBM boosters, kept as one averaged booster."""

    name = "lightgbm"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self:
        self.features_ = list(X.columns)
        X = X[self.features_]
        parts = min(BAG, int(np.bincount(np.asarray(y, dtype=int)).min()))
        models, trees = [], []
        if parts >= 2:
            folds = StratifiedKFold(parts, shuffle=True, random_state=self.seed)
            for fit_rows, stop_rows in folds.split(X, y):
                model = _booster(MAX_TREES, self.seed)
                model.fit(
                    X.iloc[fit_rows],
                    y[fit_rows],
                    eval_X=(X.iloc[stop_rows],),
                    eval_y=(y[stop_rows],),
                    callbacks=[lgb.early_stopping(PATIENCE, verbose=False)],
                )
                losses = np.asarray(model.evals_result_["valid_0"]["binary_logloss"])
                models.append(model)
                trees.append(min(len(losses), max(10, _enough_trees(losses))))
        else:  # too few rows of one outcome to hold any out: one plain booster
            models.append(_booster(100, self.seed).fit(X, y))
            trees.append(100)
        sample = X.iloc[:CHECK_ROWS]
        mean = np.mean(
            [
                m.predict(sample, raw_score=True, num_iteration=n)
                for m, n in zip(models, trees, strict=True)
            ],
            axis=0,
        )
        averaged = _averaged([m.booster_ for m in models], trees)
        if not np.allclose(averaged.predict(sample, raw_score=True), mean, rtol=0, atol=1e-8):
            raise RuntimeError("LightGBM: the averaged booster does not score as its bag")
        self.model_ = models[0]
        self.model_._Booster = averaged  # the fitted wrapper, now around the whole bag
        self.model_._best_iteration = -1
        self.trees_ = averaged.num_trees()
        self.paths_: TreePaths | None = TreePaths.from_booster(averaged)
        matrix, _, bias = self.contributions(sample)
        if not np.allclose(matrix.sum(axis=1) + bias, self.raw(sample), rtol=0, atol=1e-8):
            self.paths_ = None  # cannot happen by construction; TreeSHAP stays exact anyway
        return self

    def raw(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.predict(X[self.features_], raw_score=True)

    def contributions(self, X: pd.DataFrame) -> tuple[np.ndarray, list[str], float]:
        if self.paths_ is not None:
            leaves = leaf_indices(self.model_, X[self.features_])
            matrix = self.paths_.contributions(leaves, len(self.features_))
            return matrix, list(self.features_), self.paths_.bias
        matrix = self.model_.predict(X[self.features_], pred_contrib=True)
        return matrix[:, :-1], list(self.features_), float(matrix[0, -1]) if len(matrix) else 0.0


def _booster(trees: int, seed: int) -> lgb.LGBMClassifier:
    return lgb.LGBMClassifier(n_estimators=trees, random_state=seed, **PARAMS)


def _enough_trees(losses: np.ndarray) -> int:
    """The fewest trees whose held-out log-loss is within `TOLERANCE` of the best.

    Past the best few hundred trees the loss is flat, and where its minimum falls is
    chance; the first tree count on the plateau predicts as well and costs less to run.
    """
    best = float(losses.min())
    return int(np.flatnonzero(losses <= best * (1 + TOLERANCE))[0]) + 1


_VALUES = re.compile(r"^(leaf_value|internal_value)=(.*)$", re.MULTILINE)


def _averaged(boosters: list[lgb.Booster], trees: list[int]) -> lgb.Booster:
    """One booster whose raw score is the mean of the boosters' (first `trees` trees each).

    The trees of all of them, in order, with leaf (and internal) values divided by their
    number, written in LightGBM's model text and read back: the boosters share the
    training frame's columns and categories, so the first one's header serves for all.
    """
    share = 1.0 / len(boosters)
    texts = [b.model_to_string(num_iteration=n) for b, n in zip(boosters, trees, strict=True)]
    first = texts[0]
    header = re.sub(r"\ntree_sizes=[^\n]*", "", first[: first.index("\nTree=0\n")])
    blocks = []
    for text in texts:
        body = text[text.index("\nTree=0\n") + 1 : text.index("end of trees")]
        blocks += [block.strip("\n") for block in body.split("\n\n\n") if block.strip()]

    def scaled(match: re.Match[str]) -> str:
        values = " ".join(repr(float(v) * share) for v in match.group(2).split())
        return f"{match.group(1)}={values}"

    renamed = [
        _VALUES.sub(scaled, re.sub(r"^Tree=\d+", f"Tree={index}", block))
        for index, block in enumerate(blocks)
    ]
    tail = first[first.index("end of trees") :]
    return lgb.Booster(model_str=header + "\n\n" + "\n\n\n".join(renamed) + "\n\n\n" + tail)
