"""From log-odds to a 0-100 card: integer points per bin, and tiers chosen from the data.

Scaling: within each attribute the bin with the fewest log-odds gets 0 points and the
others what they add over it; all of it is multiplied so that the best possible lead (the
top bin of every attribute) scores 100. So the lowest possible score is 0 and the highest
100, and the points are integers; a value no rule matches (e.g. text in a numeric column)
gets 0, like its attribute's weakest bin. Rounding is repaired on the top bins so the
maximum is exactly 100.

Tiers: on the training leads' scores, `hot` starts at the score reached by the best
`HOT_SHARE` of leads and `warm` at the best `WARM_SHARE`; grades A-D start at the quartiles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TOTAL = 100
HOT_SHARE = 0.2
WARM_SHARE = 0.5
GRADE_SHARES = {"A": 0.25, "B": 0.5, "C": 0.75}


def integer_points(raw: Sequence[np.ndarray], total: int = TOTAL) -> list[np.ndarray]:
    """Per attribute, whole points per bin: weakest bin 0, all top bins together `total`."""
    shifted = [values - values.min() for values in raw]
    spread = sum(float(values.max()) for values in shifted)
    if spread <= 0:
        return [np.zeros(len(values), dtype=int) for values in raw]
    scaled = [values * total / spread for values in shifted]
    points = [np.rint(values).astype(int) for values in scaled]
    gap = total - sum(int(values.max()) for values in points)
    tops = [int(np.argmax(values)) for values in scaled]
    order = sorted(
        range(len(points)),
        key=lambda j: -(scaled[j][tops[j]] - points[j][tops[j]]) * np.sign(gap),
    )
    for j in order[: abs(gap)]:
        points[j][tops[j]] += int(np.sign(gap))
    return points


def _threshold(scores: np.ndarray, share: float) -> float:
    """The lowest score among the best `share` of leads."""
    return float(np.quantile(scores, 1 - share, method="higher"))


def _ascending(bands: dict[str, float]) -> dict[str, float]:
    """Distinct thresholds, the lowest band at 0 (ties on a coarse score are nudged up)."""
    result: dict[str, float] = {}
    floor = -1.0
    for name, value in bands.items():
        value = max(value, floor + 1)
        result[name] = value
        floor = value
    return result


def tiers_from(scores: np.ndarray) -> dict[str, float]:
    return _ascending(
        {"cold": 0.0, "warm": _threshold(scores, WARM_SHARE), "hot": _threshold(scores, HOT_SHARE)}
    )


def grades_from(scores: np.ndarray) -> dict[str, float]:
    bands = {"D": 0.0} | {
        grade: _threshold(scores, share) for grade, share in reversed(GRADE_SHARES.items())
    }
    return _ascending(bands)
