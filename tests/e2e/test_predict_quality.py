"""Regression guard for model quality on the real X Education leads (skips without them).

Quicker than benchmarks/predict_quality.py (3 folds, two candidates and their blend), so
the bars sit a little below the issue's (measured here: 0.9847 / 0.9035): 5-fold figures
with all three candidates are in the benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.predict import LeadScoreClassifier, prepare_table, read_table

LEADS = Path(__file__).resolve().parents[3] / "shared" / "data" / "xeducation" / "Leads.csv"
AFTER_CONTACT = ["Tags", "Lead Quality", "Lead Profile", "Last Notable Activity", "Lead Number"]

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.slow,
    pytest.mark.skipif(not LEADS.exists(), reason=f"real data absent: {LEADS}"),
]


def _fit(exclude: list[str]) -> tuple[LeadScoreClassifier, object]:
    prepared = prepare_table(
        read_table(LEADS), "Converted", id_column="Prospect ID", exclude=exclude
    )
    model = LeadScoreClassifier(candidates=("logistic", "lightgbm"), folds=3)
    return model.fit_prepared(prepared), prepared


def test_all_columns_rank_and_calibrate_well() -> None:
    model, prepared = _fit([])
    best = model.results_[model.winner_]
    assert best["roc_auc"] >= 0.983
    assert best["brier"] <= 0.043
    warned = {warning.column for warning in prepared.warnings}
    assert {"Tags", "Lead Quality"} <= warned
    assert any(
        note.startswith("'Lead Number' left out: a running number") for note in prepared.notes
    )


def test_without_what_sales_enters_after_contact() -> None:
    columns = read_table(LEADS).columns
    exclude = AFTER_CONTACT + [c for c in columns if c.startswith("Asymmetrique")]
    model, prepared = _fit(exclude)
    assert model.results_[model.winner_]["roc_auc"] >= 0.901
    assert not prepared.warnings
