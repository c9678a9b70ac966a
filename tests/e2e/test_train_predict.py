"""`leadscore train` and `leadscore predict` end to end on a synthetic lead table."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from tests.unit.predict.conftest import lead_table

COLUMNS = ["Prospect ID", "probability", "score", "tier", "top_positive", "top_negative"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from typer.testing import CliRunner

    from leadscore.cli.app import app

    root = tmp_path_factory.mktemp("train")
    data = root / "history.csv"
    frame = lead_table(800, seed=4)
    frame["Lead Number"] = np.arange(900000, 900800)[::-1]
    frame.to_csv(data, index=False)
    args = ["train", "--data", str(data), "--target", "Converted", "--id", "Prospect ID"]
    args += ["--exclude", "Visits", "--out", str(root / "model"), "--folds", "3"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "'Lead Number' left out: a running number" in result.output
    assert "blend" in result.output and "ROC AUC" in result.output
    return root / "model", data


def test_the_model_directory_holds_everything(trained: tuple[Path, Path]) -> None:
    model, _ = trained
    assert {p.name for p in model.iterdir()} >= {
        "model.joblib",
        "features.json",
        "metrics.json",
        "fingerprint.json",
        "versions.json",
    }
    metrics = json.loads((model / "metrics.json").read_text())
    assert set(metrics["candidates"]) == {"logistic", "lightgbm", "ebm", "blend"}
    assert metrics["winner"] in metrics["candidates"]
    features = json.loads((model / "features.json").read_text())
    assert "Visits" not in [c["name"] for c in features["columns"]]
    assert features["id_column"] == "Prospect ID"
    print_ = json.loads((model / "fingerprint.json").read_text())
    assert print_["rows"] == 800 and len(print_["sha256"]) == 64
    assert "lightgbm" in json.loads((model / "versions.json").read_text())


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_predict_writes_scores_and_factors(run, trained, tmp_path: Path, suffix: str) -> None:
    model, _ = trained
    fresh = lead_table(300, seed=5)
    data = tmp_path / "new.csv"
    fresh.drop(columns=["Converted"]).to_csv(data, index=False)
    out = tmp_path / f"scores{suffix}"
    result = run(
        "predict", "--model", str(model), "--data", str(data), "--out", str(out), db_arg=False
    )
    assert result.exit_code == 0, result.output
    scores = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(scores.columns) == COLUMNS
    assert scores["Prospect ID"].tolist() == fresh["Prospect ID"].tolist()
    assert scores["probability"].between(0, 1).all()
    assert (scores["score"] == (scores["probability"] * 100).round()).all()
    assert set(scores["tier"]) <= {"hot", "warm", "cold"}
    assert roc_auc_score(fresh["Converted"].astype(int), scores["probability"]) > 0.7
    first = scores["top_positive"].fillna("").iloc[:50]
    assert first.str.contains(r"\(\+\d+\.\d\d\)").any()
    assert scores["top_negative"].fillna("").str.contains(r"\(-\d+\.\d\d\)").any()


def test_predict_refuses_a_file_without_the_models_columns(run, trained, tmp_path: Path) -> None:
    model, _ = trained
    data = tmp_path / "bad.csv"
    lead_table(20).drop(columns=["Lead Source"]).to_csv(data, index=False)
    out = tmp_path / "scores.csv"
    result = run(
        "predict", "--model", str(model), "--data", str(data), "--out", str(out), db_arg=False
    )
    assert result.exit_code == 2
    assert "missing column(s) the model was trained on: Lead Source" in result.output
    assert not out.exists()


def test_train_refuses_a_target_that_is_not_binary(run, tmp_path: Path) -> None:
    data = tmp_path / "deals.csv"
    frame = lead_table(60)
    frame["stage"] = np.resize(["Won", "Lost", "Engaging"], 60)
    frame.to_csv(data, index=False)
    result = run(
        "train",
        "--data",
        str(data),
        "--target",
        "stage",
        "--out",
        str(tmp_path / "m"),
        db_arg=False,
    )
    assert result.exit_code == 2
    assert "target 'stage' must have exactly two values" in result.output
    assert not (tmp_path / "m").exists()


def test_predict_refuses_a_directory_that_is_no_model(run, tmp_path: Path) -> None:
    result = run(
        "predict", "--model", str(tmp_path), "--data", "x.csv", "--out", "y.csv", db_arg=False
    )
    assert result.exit_code == 2
    assert "not a model directory" in result.output


def test_evaluate_a_model_equals_sklearn_on_its_predictions(run, trained, tmp_path: Path) -> None:
    """`evaluate --model` against scikit-learn on what `predict` writes for the same file."""
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import average_precision_score, brier_score_loss

    model, _ = trained
    fresh = lead_table(400, seed=6)
    fresh["Converted"] = np.where(fresh["Converted"] == "1", "yes", "no")
    data, scores, report = tmp_path / "fresh.csv", tmp_path / "scores.csv", tmp_path / "e.json"
    fresh.to_csv(data, index=False)
    result = run(
        "predict", "--model", str(model), "--data", str(data), "--out", str(scores), db_arg=False
    )
    assert result.exit_code == 0, result.output
    result = run(
        "evaluate", "--data", str(data), "--target", "Converted", "--model", str(model),
        "--json", str(report), db_arg=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Conversion by tier" in result.output and "Calibration" in result.output
    figures = json.loads(report.read_text())
    predicted = pd.read_csv(scores)
    y = (fresh["Converted"] == "yes").astype(int).to_numpy()
    p = predicted["probability"].to_numpy()
    assert figures["rows"] == 400 and figures["positives"] == y.sum()
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert figures["pr_auc"] == pytest.approx(average_precision_score(y, p), abs=1e-12)
    assert figures["brier"] == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    observed, mean_predicted = calibration_curve(y, p, n_bins=10)
    assert [b["observed_rate"] for b in figures["calibration"]] == pytest.approx(list(observed))
    assert [b["mean_predicted"] for b in figures["calibration"]] == pytest.approx(
        list(mean_predicted)
    )
    by_tier = pd.Series(y).groupby(predicted["tier"]).agg(["count", "sum"])
    assert [t["band"] for t in figures["tiers"]] == ["hot", "warm", "cold"]
    for tier in figures["tiers"]:
        count, hits = by_tier.loc[tier["band"]] if tier["band"] in by_tier.index else (0, 0)
        assert (tier["count"], tier["positives"]) == (count, hits)
    assert figures["grades"] is None
    assert figures["score"] == figures["probability"] == f"probability of the model in {model}"


def test_evaluate_refuses_a_model_with_a_probability_column(run, trained, tmp_path: Path) -> None:
    model, data = trained
    result = run(
        "evaluate", "--data", str(data), "--target", "Converted", "--model", str(model),
        "--probability", "Visits", db_arg=False,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "leave out --probability" in result.output
