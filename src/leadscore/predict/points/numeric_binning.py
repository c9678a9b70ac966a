"""Bins of a numeric attribute: tree cut points, rounded to short numbers, pooled monotone.

A shallow decision tree on the attribute alone finds the cut points that best separate
converters (each bin holds at least `min_share` of the rows with a number). When the bins'
conversion rates nearly follow one direction, adjacent bins that break it are pooled
(pool-adjacent-violators), so "more visits" never earns fewer points — unless pooling
loses more than `MONOTONE_KEEP` of the column's information value, which means the
relation really is not monotone (e.g. a sweet spot in the middle) and the tree bins stay.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from leadscore.engine.tests import as_number, as_text
from leadscore.predict.points.bins import Bin, NumericBinning, Test
from leadscore.predict.points.values import missing, number, per_distinct
from leadscore.predict.points.woe import bin_counts, information_value
from leadscore.predict.sentinels import is_sentinel

MONOTONE_KEEP = 0.9


def numeric_binning(
    column: str, values: pd.Series, target: np.ndarray, max_bins: int, min_share: float
) -> NumericBinning:
    numbers = per_distinct(values, _number_or_nan, float)
    present = ~np.isnan(numbers)
    sentinels = sorted(
        {
            str(value).strip()
            for value in pd.unique(values[~present])
            if not missing(value) and is_sentinel(str(value)) and as_number(value) is None
        }
    )
    cuts = _tree_cuts(numbers[present], target[present], max_bins, min_share)
    cuts = _pooled(numbers[present], target[present], cuts)
    folded = {as_text(text) for text in sentinels}
    blank = per_distinct(values, lambda value: missing(value) or as_text(value) in folded, bool)
    binning = NumericBinning(column, cuts, has_missing=bool(blank.any()), sentinels=sentinels)
    codes = binning.assign(values)
    binning.bins = _bins(binning, codes, target)
    return binning


def _number_or_nan(value: object) -> float:
    read = None if missing(value) else number(value)
    return float("nan") if read is None else read


def _tree_cuts(x: np.ndarray, y: np.ndarray, max_bins: int, min_share: float) -> list[float]:
    if len(x) < 2 or len(np.unique(y)) < 2:
        return []
    tree = DecisionTreeClassifier(
        max_leaf_nodes=max_bins, min_samples_leaf=max(1, int(min_share * len(x))), random_state=0
    )
    tree.fit(x.reshape(-1, 1), y)
    raw = sorted(t for t, f in zip(tree.tree_.threshold, tree.tree_.feature, strict=True) if f >= 0)
    values = np.unique(x)
    return [_short(values, cut) for cut in raw]


def _short(values: np.ndarray, cut: float) -> float:
    """The shortest decimal c with (value below cut) < c <= (value above cut): same split."""
    below = float(values[values <= cut].max())
    above = float(values[values > cut].min())
    for digits in range(-6, 10):
        scale = 10.0**digits
        candidate = round(math.floor(above * scale) / scale, max(digits, 0))
        if below < candidate <= above:
            return candidate
    return above


def _pooled(x: np.ndarray, y: np.ndarray, cuts: list[float]) -> list[float]:
    """Cut points after pooling violators in the direction that keeps more information."""
    if len(cuts) < 2:
        return cuts
    codes = np.searchsorted(np.array(cuts), x, side="right")
    positives, counts = bin_counts(codes, y, len(cuts) + 1)
    before = information_value(positives, counts)
    best, best_iv = cuts, -1.0
    for direction in (1, -1):
        kept = _pav(cuts, positives, counts, direction)
        codes = np.searchsorted(np.array(kept), x, side="right")
        iv = information_value(*bin_counts(codes, y, len(kept) + 1))
        if iv > best_iv:
            best, best_iv = kept, iv
    return best if best_iv >= MONOTONE_KEEP * before else cuts


def _pav(
    cuts: list[float], positives: np.ndarray, counts: np.ndarray, direction: int
) -> list[float]:
    """Pool adjacent bins until rates rise (direction 1) or fall (-1) bin to bin."""
    blocks = [
        [float(p), float(c), i] for i, (p, c) in enumerate(zip(positives, counts, strict=True))
    ]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and (
            direction * (merged[-1][0] / merged[-1][1] - merged[-2][0] / merged[-2][1]) < 0
        ):
            last = merged.pop()
            merged[-1][0] += last[0]
            merged[-1][1] += last[1]
            merged[-1][2] = last[2]
    # a block ending at bin i keeps the cut after bin i
    return [cuts[int(block[2])] for block in merged[:-1]]


def _bins(binning: NumericBinning, codes: np.ndarray, target: np.ndarray) -> list[Bin]:
    cuts = binning.thresholds
    bins: list[Bin] = []
    if not cuts:
        present = [{"not_in": list(binning.sentinels)}] if binning.sentinels else [{"exists": True}]
        bins.append(Bin("any value", [("any value", present)]))
    for index in range(len(cuts) + 1 if cuts else 0):
        low = cuts[index - 1] if index > 0 else None
        high = cuts[index] if index < len(cuts) else None
        tests: list[Test] = []
        if low is not None:
            tests.append({"at_least": _plain(low)})
        if high is not None:
            tests.append({"below": _plain(high)})
        label = (
            f"below {_text(high)}"
            if low is None
            else f"{_text(low)} or more"
            if high is None
            else f"{_text(low)} to under {_text(high)}"
        )
        bins.append(Bin(label, [(label, tests)]))
    if binning.has_missing:
        alternatives: list[tuple[str, list[Test]]] = [("missing", [{"missing": True}])]
        if binning.sentinels:
            alternatives.append(("no answer", [{"in": list(binning.sentinels)}]))
        bins.append(Bin("missing", alternatives, members=list(binning.sentinels)))
    positives, counts = bin_counts(codes, target, len(bins))
    for bin_, hits, count in zip(bins, positives, counts, strict=True):
        bin_.count, bin_.positives = int(count), int(hits)
    return bins


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _plain(value: float) -> float | int:
    """3 rather than 3.0 in the file."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
