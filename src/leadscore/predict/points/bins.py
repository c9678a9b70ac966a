"""A binned attribute: its bins, the rule tests that select each, and the bin of any value.

Each bin is written as one or more fit rules (alternatives; the tests inside one rule must
all pass). `assign` returns, for every value, the bin whose rules the engine would match
(-1 when no rule matches), so the card scores a table exactly as `leadscore score` scores
the rules it writes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadscore.engine.tests import as_text
from leadscore.predict.points.values import Key, key, missing, number, per_distinct

#: One test of a rule, without its attribute: {"at_least": 3}, {"in": ["Google"]}.
Test = dict[str, object]


@dataclass
class Bin:
    """A bin: its label and its rules as (rule label, tests that must all pass)."""

    label: str
    alternatives: list[tuple[str, list[Test]]]
    members: list[str] = field(default_factory=list)
    count: int = 0
    positives: int = 0

    @property
    def rate(self) -> float:
        return self.positives / self.count if self.count else 0.0


@dataclass
class NumericBinning:
    """Half-open ranges [a, b) of a number, then (optionally) a bin for missing values.

    Texts that mean "no answer" (`sentinels`, e.g. "Select") count as missing; other text
    matches no range. With no thresholds there is one bin for every present value.
    """

    column: str
    thresholds: list[float]
    has_missing: bool
    sentinels: list[str]
    bins: list[Bin] = field(default_factory=list)

    def assign(self, values: pd.Series) -> np.ndarray:
        folded = {as_text(text) for text in self.sentinels}
        missing_bin = len(self.thresholds) + 1 if self.has_missing else -1

        def code(value: object) -> int:
            if missing(value) or as_text(value) in folded:
                return missing_bin
            if not self.thresholds:
                return 0
            read = number(value)
            return -1 if read is None else bisect_right(self.thresholds, read)

        return per_distinct(values, code)


@dataclass
class CategoryBinning:
    """Groups of categories; `rest` takes every present value not listed in another group
    (rare categories and ones first seen later), `missing_group` the blanks."""

    column: str
    lookup: dict[Key, int]
    rest: int
    missing_group: int | None
    bins: list[Bin] = field(default_factory=list)

    def assign(self, values: pd.Series) -> np.ndarray:
        blank = -1 if self.missing_group is None else self.missing_group

        def code(value: object) -> int:
            if missing(value):
                return blank
            found = key(value)
            return self.lookup.get(found, self.rest) if found is not None else self.rest

        return per_distinct(values, code)


Binning = NumericBinning | CategoryBinning
