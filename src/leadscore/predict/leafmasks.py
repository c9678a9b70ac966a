"""Which leaf each row reaches in every tree of a LightGBM model, found with bit masks.

LightGBM walks each row down each tree one node at a time (`pred_leaf=True`): about 60 ns
per tree and row, most of `leadscore predict`'s time. This finds the same leaves with
whole-array NumPy steps instead, as QuickScorer does (Lucchese et al., SIGIR 2015):

- number each tree's leaves left to right; a node sends a row right exactly when none of
  the leaves of its left subtree can be the row's exit, so "going right" at a node
  clears those leaves' bits from the row's mask, and the exit leaf is the lowest bit
  left once every node has been asked;
- a node's answer depends on one column only, so each column's values are first cut
  into bins between the thresholds any tree uses on it (categories are their own bins;
  missing is a bin), and for each bin and tree the bits it clears are looked up in a
  table built from the model once. A row's mask is the AND over columns of one table
  row each.

The decisions are LightGBM's own (`Tree::NumericalDecision` / `CategoricalDecision`:
missing values and the zero threshold handled as LightGBM does, values within 1e-35 of
zero read as 0 as LightGBM's row reader does, categories by the codes
LightGBM reads from a pandas frame), applied to one value per bin, so the leaves are the
same; `leaf_masks` declines models it does not cover (more than 64 leaves, categories
that differ from the model's), and the caller checks a sample of rows against LightGBM.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

ZERO = float(np.float32(1e-35))  # LightGBM's kZeroThreshold, a float widened to double
MASK_TYPES = ((16, np.uint16), (32, np.uint32), (64, np.uint64))
_LOWEST_BIT = np.zeros(1 << 16, dtype=np.uint8)  # bit number of each power of two below 2**16
_LOWEST_BIT[1 << np.arange(16)] = np.arange(16)


@dataclass
class ColumnTable:
    """One column's bins and, per bin, the bits each tree using the column clears."""

    column: int
    categorical: bool
    edges: np.ndarray  # numeric: sorted bin upper bounds; categorical: unused
    trees: np.ndarray  # the trees that split on this column
    keep: np.ndarray  # (len(trees), bins) masks: bits still possible after this column

    def bins(self, values: np.ndarray) -> np.ndarray:
        """Each value's bin (the last bin holds missing values)."""
        missing = self.keep.shape[1] - 1
        if self.categorical:
            codes = np.where(np.isnan(values), -1, values)
            inside = (codes >= 0) & (codes < missing)
            return np.where(inside, codes, missing).astype(np.intp)
        found = np.searchsorted(self.edges, values, side="left")
        return np.where(np.isnan(values), missing, found).astype(np.intp)


@dataclass
class LeafMasks:
    """The bin tables of a model and, per tree, the leaf index of each left-to-right slot."""

    columns: list[ColumnTable]
    slot_leaf: list[np.ndarray]
    mask_type: type[np.unsignedinteger]
    categories: list[list[object]]  # LightGBM's pandas_categorical, per categorical column

    def leaves(self, values: list[np.ndarray], out: np.ndarray) -> None:
        """Write each row's leaf per tree into `out` (rows, trees); `values` per column."""
        rows, trees = out.shape
        full = np.iinfo(self.mask_type).max
        mask = np.full((trees, rows), full, dtype=self.mask_type)
        for table in self.columns:
            bins = table.bins(values[table.column])
            mask[table.trees] &= np.take(table.keep, bins, axis=1)
        lowest = mask & (~mask + self.mask_type(1))  # the lowest bit left: the exit leaf
        if self.mask_type == np.uint16:
            slots = np.take(_LOWEST_BIT, lowest)
        else:
            slots = np.log2(lowest).astype(np.intp)  # exact for powers of two
        for tree, slot in enumerate(slots):
            out[:, tree] = np.take(self.slot_leaf[tree], slot)


def _numeric_left(value: float, threshold: float, node: dict) -> bool:
    """LightGBM's `NumericalDecision` for one value: True when the row goes left."""
    missing = node.get("missing_type", "None")
    if -ZERO <= value <= ZERO:
        value = 0.0  # LightGBM keeps only values beyond its zero threshold; the rest read 0
    if np.isnan(value) and missing != "NaN":
        value = 0.0
    if (missing == "Zero" and -ZERO <= value <= ZERO) or (missing == "NaN" and np.isnan(value)):
        return bool(node.get("default_left", False))
    return bool(value <= threshold)


def _walk(node: dict, slots: list[int], internal: list[tuple[dict, int, int]]) -> None:
    """Leaves left to right into `slots`; each split with its left subtree's slot range."""
    if "leaf_index" in node:
        slots.append(int(node["leaf_index"]))
        return
    start = len(slots)
    _walk(node["left_child"], slots, internal)
    internal.append((node, start, len(slots)))
    _walk(node["right_child"], slots, internal)


def leaf_masks(booster: object) -> LeafMasks | None:
    """The tables for a fitted booster, or None when the model is outside what they cover.

    A column is categorical when its splits test categories ("==") and numeric when they
    compare ("<="); a column with both is not covered.
    """
    dump = booster.dump_model()  # type: ignore[attr-defined]
    if dump.get("num_class", 1) != 1 or dump.get("num_tree_per_iteration", 1) != 1:
        return None
    most = max((int(info["num_leaves"]) for info in dump["tree_info"]), default=1)
    mask_type = next((kind for bits, kind in MASK_TYPES if most <= bits), None)
    if mask_type is None:
        return None
    splits: dict[int, list[tuple[int, dict, int, int]]] = {}
    slot_leaf = []
    for tree, info in enumerate(dump["tree_info"]):
        slots: list[int] = []
        internal: list[tuple[dict, int, int]] = []
        _walk(info["tree_structure"], slots, internal)
        slot_leaf.append(np.asarray(slots, dtype=np.int32))
        for node, start, stop in internal:
            splits.setdefault(int(node["split_feature"]), []).append((tree, node, start, stop))
    columns = []
    for column, nodes in sorted(splits.items()):
        kinds = {node["decision_type"] for _, node, _, _ in nodes}
        if kinds not in ({"=="}, {"<="}):
            return None
        columns.append(_column_table(column, kinds == {"=="}, nodes, mask_type))
    return LeafMasks(columns, slot_leaf, mask_type, list(dump.get("pandas_categorical") or []))


def _column_table(
    column: int,
    categorical: bool,
    nodes: list[tuple[int, dict, int, int]],
    mask_type: type[np.unsignedinteger],
) -> ColumnTable:
    if categorical:
        sets = [{int(v) for v in str(node["threshold"]).split("||")} for _, node, _, _ in nodes]
        count = max(max(chosen) for chosen in sets) + 1
        edges = np.zeros(0)
        # bin c: category code c; the last bin: missing, negative or unseen codes (right)
        goes_left = [[c in chosen for c in range(count)] + [False] for chosen in sets]
    else:
        thresholds = {float(node["threshold"]) for _, node, _, _ in nodes}
        # besides the thresholds, the edges of LightGBM's zero band [-ZERO, ZERO]
        edges = np.array(sorted(thresholds | {ZERO, float(np.nextafter(-ZERO, -np.inf))}))
        # a value standing for each bin: its upper edge, +inf past the last, then missing
        stand_ins = [*edges.tolist(), np.inf, np.nan]
        goes_left = [
            [_numeric_left(v, float(node["threshold"]), node) for v in stand_ins]
            for _, node, _, _ in nodes
        ]
    trees = sorted({tree for tree, _, _, _ in nodes})
    position = {tree: index for index, tree in enumerate(trees)}
    width = np.iinfo(mask_type).bits
    keep = np.full((len(trees), len(goes_left[0])), np.iinfo(mask_type).max, dtype=mask_type)
    for (tree, _, start, stop), lefts in zip(nodes, goes_left, strict=True):
        left_leaves = ((1 << (stop - start)) - 1) << start
        cleared = mask_type(((1 << width) - 1) ^ left_leaves)
        keep[position[tree], ~np.asarray(lefts)] &= cleared
    return ColumnTable(column, categorical, edges, np.asarray(trees, dtype=np.intp), keep)


_CACHE: weakref.WeakKeyDictionary[object, LeafMasks | None] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def masks_for(model: object) -> LeafMasks | None:
    """The tables of a fitted LGBMClassifier, built once per model (threads share them)."""
    with _LOCK:
        if model not in _CACHE:
            _CACHE[model] = leaf_masks(model.booster_)  # type: ignore[attr-defined]
        return _CACHE[model]


def column_values(frame: pd.DataFrame, masks: LeafMasks) -> list[np.ndarray] | None:
    """Each column as LightGBM reads it from a pandas frame: numbers, or category codes
    (missing as NaN); None when the frame's columns are not what the model split on."""
    values = []
    categories = iter(masks.categories)
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            if list(column.cat.categories) != list(next(categories, [None])):
                return None
            codes = column.cat.codes.to_numpy().astype(float)
            codes[codes < 0] = np.nan
            values.append(codes)
        else:
            values.append(column.to_numpy(dtype=float, na_value=np.nan))
    for table in masks.columns:
        if table.column >= len(values):
            return None
        is_categorical = isinstance(frame.iloc[:, table.column].dtype, pd.CategoricalDtype)
        if table.categorical != is_categorical:
            return None
    return values
