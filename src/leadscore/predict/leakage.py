"""The leakage guard: columns that predict the outcome too well to be known beforehand.

Shared by `leadscore train` and `leadscore fit-points`; it warns, it does not drop (the
user decides, with `--exclude`). For each feature column:

- **near-perfect alone**: the column's single-column ROC AUC is at least `AUC_LIMIT`.
  Each column is cut into codes (its categories, or up to 20 quantile bins of a number;
  missing is a code of its own), each code is replaced by the outcome rate of its code in
  the *other* folds (5 folds, so a column with many small categories cannot score by
  memorising), and the AUC of that is taken, so it sees relations of any shape.
- **looks entered after the outcome**: some values occur with (almost) one outcome only.
  When values that each cover at least `PURE_MIN_ROWS` rows, at least `PURITY` of them with
  the same outcome (and far more one-sided than the base rate makes likely, see
  `pure_values`), together cover at least `PURE_SHARE` of the rows, the column most
  likely records what happened after (a reason for a loss, a sales verdict such as "Closed
  by ..." or "Worst"). Facts known before contact rarely split leads that cleanly. The
  warning names the values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binom
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

AUC_LIMIT = 0.95
PURE_MIN_ROWS = 20
PURITY = 0.97
PURE_SHARE = 0.05
RELATIVE = 0.1
CHANCE = 1e-4
FOLDS = 5
BINS = 20


@dataclass(frozen=True)
class LeakageWarning:
    """One column that looks too good, and why."""

    column: str
    auc: float
    reason: str

    def __str__(self) -> str:
        return f"possible leakage in {self.column!r}: {self.reason}"


def codes(column: pd.Series) -> np.ndarray:
    """Integer codes for a column: categories, or quantile bins of numbers; -1 is missing."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    if pd.api.types.is_numeric_dtype(column) and column.nunique() > BINS:
        ranks = column.rank(method="dense", pct=True)
        return np.where(ranks.isna(), -1, np.ceil(ranks.fillna(0) * BINS)).astype(int)
    return pd.Series(pd.factorize(column, use_na_sentinel=True)[0]).to_numpy()


def single_column_auc(column: pd.Series, target: np.ndarray, seed: int = 0) -> float:
    """ROC AUC (at least 0.5) of the out-of-fold outcome rate of the column's values."""
    code = codes(column)
    folds = np.empty(len(code), dtype=int)
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    for fold, (_, held) in enumerate(splitter.split(code, target)):
        folds[held] = fold
    frame = pd.DataFrame({"code": code, "fold": folds, "y": target})
    prior = float(target.mean())
    encoded = np.empty(len(code))
    for fold in range(FOLDS):
        train = frame[frame.fold != fold].groupby("code")["y"].agg(["sum", "count"])
        rate = (train["sum"] + prior) / (train["count"] + 1)
        held = (frame.fold == fold).to_numpy()
        encoded[held] = frame.loc[held, "code"].map(rate).fillna(prior).to_numpy()
    auc = float(roc_auc_score(target, encoded))
    return max(auc, 1 - auc)


def pure_values(column: pd.Series, target: np.ndarray) -> list[tuple[str, int, int]]:
    """(value, rows, outcome) for values seen often enough, (almost) always with one outcome.

    "Almost always" is measured against the base rate too: at 3 % conversion most values
    convert at 3 % or less, and a value of 30 rows none of which converted is what chance
    gives half the time. So besides at most `1 - PURITY` of its rows with the other
    outcome, a value needs that outcome at most `RELATIVE` times as often as overall, and
    its count of it must be one that the base rate gives by chance less than `CHANCE` of
    the time (binomial). On X Education's leads (38 % conversion) the first rule is the
    one that binds, as before; at low rates the other two keep ordinary values out.
    """
    frame = pd.DataFrame({"value": column.astype(object), "y": target}).dropna()
    stats = frame.groupby("value")["y"].agg(["sum", "count"])
    rows = stats["count"].to_numpy()
    positives = stats["sum"].to_numpy()
    base = float(np.mean(target))
    found = []
    for outcome, other, other_rate in ((1, rows - positives, 1 - base), (0, positives, base)):
        one_sided = (
            (rows >= PURE_MIN_ROWS)
            & (other <= (1 - PURITY) * rows)
            & (other <= RELATIVE * other_rate * rows)
            & (binom.cdf(other, rows, other_rate) < CHANCE)
        )
        found += [
            (str(value), int(count), outcome)
            for value, count in zip(stats.index[one_sided], rows[one_sided], strict=True)
        ]
    return sorted(found, key=lambda item: -item[1])


def leakage_warnings(features: pd.DataFrame, target: np.ndarray) -> list[LeakageWarning]:
    """A warning for every column that predicts the target suspiciously well."""
    found: list[LeakageWarning] = []
    if len(np.unique(target)) < 2:
        return found
    for name in features.columns:
        column = features[name]
        auc = single_column_auc(column, target)
        if auc >= AUC_LIMIT:
            found.append(
                LeakageWarning(name, auc, f"alone it predicts the outcome with ROC AUC {auc:.3f}")
            )
            continue
        if pd.api.types.is_float_dtype(column) and column.nunique() > BINS:
            continue
        pure = pure_values(column, target)
        if sum(rows for _, rows, _ in pure) >= PURE_SHARE * len(target):
            shown = "; ".join(f"{v!r} nearly always outcome {o} ({n} rows)" for v, n, o in pure[:3])
            reason = (
                f"values that nearly always go with one outcome, as if entered after it: {shown}"
            )
            found.append(LeakageWarning(name, auc, reason))
    return found
