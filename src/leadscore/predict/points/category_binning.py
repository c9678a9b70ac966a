"""Groups of a categorical attribute: rare values pooled, then categories of similar rate.

Categories seen in fewer than `rare_rows` rows are pooled into one "other values" unit
(their own rates are noise), as is text the engine cannot list (e.g. "nan"). The units —
each common category, the pool, and missing — are ranked by conversion rate and a shallow
decision tree on that rank cuts them into at most `max_groups` groups of similar rate, each
with at least `min_share` of the rows. The group holding the pool (else the largest) also
takes every value not listed elsewhere, including ones first seen when scoring.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from leadscore.predict.points.bins import Bin, CategoryBinning, Test
from leadscore.predict.points.values import Key, key, missing, per_distinct, shown
from leadscore.predict.points.woe import bin_counts

POOL = ("pool", "")
MISSING = ("missing", "")
SHOWN_MEMBERS = 3


def category_binning(
    column: str,
    values: pd.Series,
    target: np.ndarray,
    max_groups: int,
    min_share: float,
    rare_rows: int,
) -> CategoryBinning | None:
    """The grouping, or None when the column does not separate converters at all."""
    unit_of, names = _units(values, rare_rows)
    units = sorted(set(unit_of.values()), key=str)
    position = {unit: index for index, unit in enumerate(units)}
    row_units = per_distinct(values, lambda value: position[unit_of[_identity(value)]])
    positives, counts = bin_counts(row_units, target, len(units))
    prior = float(target.mean())
    rates = (positives + prior) / (counts + 1)
    rank = np.argsort(np.argsort(rates, kind="stable"), kind="stable")
    group_of_unit = _groups(rank[row_units], target, len(units), max_groups, min_share)
    leaf_of_unit = group_of_unit[rank]
    leaves = sorted(set(leaf_of_unit.tolist()))
    if len(leaves) < 2:
        return None
    leaf_rate = {
        leaf: positives[leaf_of_unit == leaf].sum() / counts[leaf_of_unit == leaf].sum()
        for leaf in leaves
    }
    best_first = sorted(leaves, key=lambda leaf: -leaf_rate[leaf])
    renumber = {leaf: index for index, leaf in enumerate(best_first)}
    member_group = {unit: renumber[int(leaf_of_unit[i])] for i, unit in enumerate(units)}
    sizes = Counter({group: 0.0 for group in renumber.values()})
    for unit, count in zip(units, counts, strict=True):
        sizes[member_group[unit]] += float(count)
    real = [g for g in sizes if any(u != MISSING and member_group[u] == g for u in units)]
    rest = member_group[POOL] if POOL in member_group else max(real, key=lambda g: sizes[g])
    binning = CategoryBinning(
        column,
        lookup={unit: group for unit, group in member_group.items() if unit not in (POOL, MISSING)},
        rest=rest,
        missing_group=member_group.get(MISSING),
    )
    binning.bins = _bins(binning, names, len(renumber))
    codes = binning.assign(values)
    hits, totals = bin_counts(codes, target, len(binning.bins))
    for bin_, hit, total in zip(binning.bins, hits, totals, strict=True):
        bin_.count, bin_.positives = int(total), int(hit)
    return binning


def _identity(value: object) -> Key | tuple[str, str]:
    if missing(value):
        return MISSING
    found = key(value)
    return POOL if found is None else found


def _units(values: pd.Series, rare_rows: int) -> tuple[dict[object, object], dict[Key, str]]:
    """Each value's unit (its key, the pool, or missing) and a display name per key."""
    counts: Counter[object] = Counter()
    spelled: dict[object, Counter[str]] = {}
    for value, count in values.value_counts(dropna=False).items():
        identity = _identity(value)
        counts[identity] += int(count)
        if identity not in (POOL, MISSING):
            spelled.setdefault(identity, Counter())[str(shown(value))] += int(count)
    unit_of: dict[object, object] = {}
    names: dict[Key, str] = {}
    for identity, count in counts.items():
        if identity in (POOL, MISSING) or count < rare_rows:
            unit_of[identity] = MISSING if identity == MISSING else POOL
        else:
            unit_of[identity] = identity
            names[identity] = spelled[identity].most_common(1)[0][0]  # type: ignore[index]
    return unit_of, names


def _groups(
    x: np.ndarray, y: np.ndarray, units: int, max_groups: int, min_share: float
) -> np.ndarray:
    """Leaf number per rate rank 0..units-1 (ranks of a leaf are contiguous)."""
    if units < 2 or len(np.unique(y)) < 2:
        return np.zeros(units, dtype=int)
    tree = DecisionTreeClassifier(
        max_leaf_nodes=max_groups, min_samples_leaf=max(1, int(min_share * len(x))), random_state=0
    )
    tree.fit(x.reshape(-1, 1), y)
    return tree.apply(np.arange(units, dtype=float).reshape(-1, 1))


def _bins(binning: CategoryBinning, names: dict[Key, str], groups: int) -> list[Bin]:
    """One bin per group, listed from the best converting down once counted."""
    listed = sorted(names[k] for k in binning.lookup)
    bins: list[Bin] = []
    for group in range(groups):
        members = sorted(names[k] for k, g in binning.lookup.items() if g == group)
        alternatives: list[tuple[str, list[Test]]] = []
        if group == binning.rest:
            others = sorted(set(listed) - set(members))
            label = _label(members, "other values")
            alternatives.append((label, [{"not_in": others} if others else {"exists": True}]))
        elif members:
            label = _label(members, "")
            alternatives.append((label, [{"in": members}]))
        else:
            label = "missing"
        if binning.missing_group == group:
            alternatives.append(("missing", [{"missing": True}]))
            label = f"{label}, missing" if label != "missing" else label
        bins.append(Bin(label, alternatives, members=members))
    return bins


def _label(members: list[str], extra: str) -> str:
    shown_members = members[:SHOWN_MEMBERS]
    more = len(members) - len(shown_members)
    parts = shown_members + ([f"{more} more"] if more else []) + ([extra] if extra else [])
    return ", ".join(parts)
