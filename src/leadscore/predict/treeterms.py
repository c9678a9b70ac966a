"""Exact, fast per-column contributions of a LightGBM model, from its trees' paths.

LightGBM's TreeSHAP (`pred_contrib=True`) costs about a microsecond per tree and row:
hundreds of trees make a million rows take many minutes. Path attribution is exact too
and costs one table look-up per tree and column on the row's path: every node gets a
value (the mean of its leaves' outputs, weighted by their training rows), a row's leaf
output is its tree's root value plus, along its path, each child's value minus its
parent's, and each difference is credited to the column the parent split on. Summed over
the trees, the root values are the bias and the credits the contributions; they add up to
LightGBM's raw score exactly (checked against LightGBM on training rows when fitted; on a
mismatch the member falls back to TreeSHAP). Each row's leaf comes from bit masks
(leafmasks.py) for large tables and from LightGBM (`pred_leaf=True`) for small ones; the
rest is NumPy gathers.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadscore.predict.leafmasks import column_values, masks_for


@dataclass
class TreePaths:
    """Per tree: the columns on its paths, and each column's credit per leaf."""

    credits: list[list[tuple[int, np.ndarray]]]
    bias: float

    @classmethod
    def from_booster(cls, booster: object) -> TreePaths:
        dump = booster.dump_model()  # type: ignore[attr-defined]
        credits, bias = [], 0.0
        for info in dump["tree_info"]:
            root = info["tree_structure"]
            leaves = int(info["num_leaves"])
            table: dict[int, np.ndarray] = {}
            value, _ = _value(root)
            bias += value
            _credit(root, value, table, leaves)
            credits.append(sorted(table.items()))
        return cls(credits, bias)

    def contributions(self, leaves: np.ndarray, columns: int) -> np.ndarray:
        """(rows, columns) credits for the leaf indices LightGBM gives (`pred_leaf=True`)."""
        by_column = np.zeros((columns, len(leaves)))  # one contiguous row per column
        for tree, table in enumerate(self.credits):
            leaf = leaves[:, tree].astype(np.intp)  # one contiguous index array per tree
            for column, per_leaf in table:
                by_column[column] += per_leaf[leaf]
        return by_column.T


def _value(node: dict) -> tuple[float, float]:
    """(row-weighted mean output of the node's leaves, their training rows)."""
    if "leaf_index" in node:
        return float(node["leaf_value"]), float(max(node.get("leaf_count", 1), 1))
    left_value, left_rows = _value(node["left_child"])
    right_value, right_rows = _value(node["right_child"])
    rows = left_rows + right_rows
    return (left_value * left_rows + right_value * right_rows) / rows, rows


def _credit(node: dict, value: float, table: dict[int, np.ndarray], leaves: int) -> None:
    """Credit each child's value change to the parent's split column, for every leaf below."""
    if "leaf_index" in node:
        return
    column = int(node["split_feature"])
    for child in (node["left_child"], node["right_child"]):
        child_value, _ = _value(child)
        per_leaf = table.setdefault(column, np.zeros(leaves))
        per_leaf[_leaf_indices(child)] += child_value - value
        _credit(child, child_value, table, leaves)


def _leaf_indices(node: dict) -> list[int]:
    if "leaf_index" in node:
        return [int(node["leaf_index"])]
    return _leaf_indices(node["left_child"]) + _leaf_indices(node["right_child"])


LEAF_THREADS: ContextVar[int | None] = ContextVar("leaf_threads", default=None)
LEAF_BLOCK_ROWS = 25_000
SAMPLE_ROWS = 200
MASK_MIN_ROWS = 50_000


def leaf_indices(model: object, X: pd.DataFrame) -> np.ndarray:
    """Each row's leaf in each tree, column by column (one byte each for trees of <= 256 leaves).

    From `MASK_MIN_ROWS` rows on, found with bit masks (leafmasks.py: about five times
    faster than LightGBM's own walk, after building the model's tables once, ~0.4 s); the
    first `SAMPLE_ROWS` rows are also asked of LightGBM, and on any difference (or a model
    the masks do not cover) LightGBM finds them all: on all cores unless
    `LEAF_THREADS` says otherwise (scoring.py sets 1 in each of its worker threads, which
    already keep the cores busy). Either way in blocks of rows: the masks take two bytes
    per row and tree, LightGBM returns leaves as float64 first, eight.
    """
    trees = model.booster_.num_trees()  # type: ignore[attr-defined]
    small = 0 < int(getattr(model, "num_leaves", 0) or 0) <= 256
    leaves = np.empty((len(X), trees), dtype=np.uint8 if small else np.int32, order="F")
    masks = masks_for(model) if len(X) >= MASK_MIN_ROWS else None
    values = column_values(X, masks) if masks is not None else None
    if masks is not None and values is not None:
        for start in range(0, len(X), LEAF_BLOCK_ROWS):
            stop = min(start + LEAF_BLOCK_ROWS, len(X))
            masks.leaves([column[start:stop] for column in values], leaves[start:stop])
        sample = X.iloc[:SAMPLE_ROWS]
        if np.array_equal(_lightgbm_leaves(model, sample, 1), leaves[: len(sample)]):
            return leaves
    threads = LEAF_THREADS.get() or os.cpu_count() or 1
    for start in range(0, len(X), LEAF_BLOCK_ROWS):
        block = X.iloc[start : start + LEAF_BLOCK_ROWS]
        found = _lightgbm_leaves(model, block, threads)
        if leaves.dtype == np.uint8 and len(found) and found.max() > 255:
            leaves = leaves.astype(np.int32, order="F")  # more leaves than the setting said
        leaves[start : start + len(block)] = found
    return leaves


def _lightgbm_leaves(model: object, X: pd.DataFrame, threads: int) -> np.ndarray:
    found = model.predict(X, pred_leaf=True, num_threads=threads)  # type: ignore[attr-defined]
    return np.asarray(found).reshape(len(X), -1)
