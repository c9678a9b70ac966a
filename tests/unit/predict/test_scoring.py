"""Chunked, parallel scoring gives exactly what scoring the whole file at once gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadscore.predict.estimator import LeadScoreClassifier
from leadscore.predict.explain import signed_cents, top_factors
from leadscore.predict.leafmasks import column_values, masks_for
from leadscore.predict.model_dir import SavedModel
from leadscore.predict.schema import _read, _read_distinct
from leadscore.predict.scoring import predict_file, score_table
from leadscore.predict.tiers import scores_of, tiers_of
from leadscore.predict.treeterms import leaf_indices
from tests.unit.predict.conftest import lead_table


@pytest.fixture(scope="module", params=[("lightgbm",), ("logistic", "lightgbm")])
def saved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SavedModel:
    history = lead_table(700, seed=11)
    history.loc[::7, "Lead Source"] = 'Partner, "EU"'  # needs CSV quoting when written out
    model = LeadScoreClassifier(candidates=request.param, folds=2, id_column="Prospect ID")
    model.fit(history.drop(columns="Converted"), history["Converted"])
    return SavedModel(model, {"id_column": "Prospect ID"}, {}, tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = lead_table(2_500, seed=12).drop(columns="Converted")
    frame.loc[::5, "Lead Source"] = 'Partner, "EU"'
    frame.loc[::11, "Occupation"] = "never seen in training"
    frame.loc[::13, "Total Time"] = "N/A"
    frame.loc[::17, "Total Time"] = "12.345678"
    path = tmp_path_factory.mktemp("data") / "fresh.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_chunked_parallel_output_equals_the_whole_file_scored_at_once(
    saved: SavedModel, fresh: Path, tmp_path: Path, suffix: str
) -> None:
    whole, parts = tmp_path / f"whole{suffix}", tmp_path / f"parts{suffix}"
    assert predict_file(saved, fresh, whole, chunk_rows=100_000, workers=1) == 2_500
    assert predict_file(saved, fresh, parts, chunk_rows=173, workers=3) == 2_500
    if suffix == ".csv":
        assert whole.read_bytes() == parts.read_bytes()
    read = pd.read_csv if suffix == ".csv" else pd.read_parquet
    pd.testing.assert_frame_equal(read(whole), read(parts), check_exact=True)


def test_row_numbers_run_on_across_chunks_without_an_id(
    saved: SavedModel, fresh: Path, tmp_path: Path
) -> None:
    by_row = SavedModel(saved.model, {"id_column": None}, {}, saved.path)
    whole, parts = tmp_path / "whole.csv", tmp_path / "parts.csv"
    predict_file(by_row, fresh, whole, chunk_rows=100_000, workers=1)
    predict_file(by_row, fresh, parts, chunk_rows=173, workers=2)
    assert whole.read_bytes() == parts.read_bytes()
    assert pd.read_csv(parts)["row"].tolist() == list(range(1, 2_501))


def test_scores_without_factors_are_the_same_scores(
    saved: SavedModel, fresh: Path, tmp_path: Path
) -> None:
    """What `evaluate --model` measures is what `predict` writes, to the last bit."""
    out = tmp_path / "scores.parquet"
    predict_file(saved, fresh, out, chunk_rows=400, workers=2)
    written = pd.read_parquet(out)
    plain = score_table(saved, fresh, chunk_rows=700, workers=2, explain=False)
    assert list(plain.columns) == ["Prospect ID", "probability", "score", "tier"]
    pd.testing.assert_frame_equal(plain, written[list(plain.columns)], check_exact=True)


def test_scores_and_factors_are_the_models_own(saved: SavedModel, fresh: Path, tmp_path: Path):
    """The file's figures equal the estimator's API on the whole table, row by row."""
    out = tmp_path / "scores.csv"
    predict_file(saved, fresh, out, chunk_rows=300, workers=2)
    written = pd.read_csv(out, dtype={"top_positive": str, "top_negative": str})
    frame = pd.read_csv(fresh, dtype=str, keep_default_na=False)
    model = saved.model
    matrix, names, bias = model.explain(frame)
    probability = model.calibrator_(matrix.sum(axis=1) + bias)  # the sum of what is shown
    assert np.array_equal(written["probability"].to_numpy(), probability)
    assert np.allclose(probability, model.predict_proba(frame)[:, 1], rtol=0, atol=1e-9)
    assert np.array_equal(written["score"].to_numpy(), scores_of(probability))
    assert np.array_equal(written["tier"].to_numpy(), tiers_of(probability, model.tiers_))
    positive, negative = top_factors(matrix, names, model.features(frame))
    assert written["top_positive"].fillna("").tolist() == list(positive)
    assert written["top_negative"].fillna("").tolist() == list(negative)
    assert any('Lead Source = Partner, "EU" (' in text for text in [*positive, *negative])


def test_factor_numbers_are_pythons_formatting() -> None:
    rng = np.random.default_rng(0)
    ties = np.arange(-3000, 3000) / 1000 + 0.005
    edge = [0.0, -0.0, 1e-9, -1e-9, 0.125, 2.675, 999.995, -999.994, 1e13, np.inf, np.nan]
    values = np.concatenate([rng.normal(0, 3, 50_000), ties, edge])
    assert signed_cents(values, ")").tolist() == [f"{v:+.2f})" for v in values]


def test_reading_distinct_values_once_reads_like_every_cell(saved: SavedModel) -> None:
    raw = pd.Series(["Google", "Select", "", "N/A", " Google ", "new", "Referral"] * 40)
    numbers = pd.Series(["12", "", "N/A", "3.5", "x", " 7 "] * 40, dtype="string")
    for rule in saved.model.schema_.rules:
        column = numbers if rule.kind.value == "numeric" else raw
        for name, read in _read_distinct(rule, column).items():
            pd.testing.assert_series_equal(read, _read(rule, column)[name], check_exact=True)


def test_leaf_indices_are_lightgbms(fresh: Path) -> None:
    history = lead_table(700, seed=11)
    model = LeadScoreClassifier(candidates=("lightgbm",), folds=2, id_column="Prospect ID")
    model.fit(history.drop(columns="Converted"), history["Converted"])
    assert model.winner_ == "lightgbm"
    member = model.model_
    features = model.features(pd.read_csv(fresh, dtype=str, keep_default_na=False))
    features = features[member.features_]
    expected = member.model_.predict(features, pred_leaf=True)
    found = leaf_indices(member.model_, features)
    assert found.dtype == np.uint8 and np.array_equal(found, expected)
    # the bit masks cover the models leadscore trains, so large tables take the fast path
    masks = masks_for(member.model_)
    values = column_values(features, masks) if masks is not None else None
    assert masks is not None and values is not None
    by_masks = np.empty(expected.shape, dtype=np.int32)
    masks.leaves(values, by_masks)
    assert np.array_equal(by_masks, expected)
