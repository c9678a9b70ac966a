from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadscore.evaluate.metrics import roc_auc


def _pairwise_auc(labels: list[bool], scores: list[float]) -> float:
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=-5, max_value=5)), min_size=2, max_size=60
    ).filter(lambda rows: 0 < sum(y for y, _ in rows) < len(rows))
)
def test_matches_pairwise_definition(rows: list[tuple[bool, int]]) -> None:
    labels = [y for y, _ in rows]
    scores = [float(s) for _, s in rows]
    assert roc_auc(labels, scores) == pytest.approx(_pairwise_auc(labels, scores), abs=1e-12)


def test_perfect_and_reversed_ranking() -> None:
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5


def test_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="positive and one negative"):
        roc_auc([1, 1], [0.1, 0.2])
