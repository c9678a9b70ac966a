"""`leadscore evaluate` and `leadscore fit-points` through the CLI, checked independently."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from typer.testing import CliRunner

from leadscore.cli.app import app
from leadscore.predict.points import fit_points


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _leads(rows: int = 800, seed: int = 0) -> pd.DataFrame:
    """A lead table as a CRM exports it: spaces in names, blanks, "Select", a yes/no target."""
    rng = np.random.default_rng(seed)
    visits = rng.integers(0, 25, rows)
    source = rng.choice(["Google", "Direct Traffic", "Referral", "Olark Chat"], rows)
    role = rng.choice(["Student", "Working Professional", "Select", ""], rows)
    logit = -2 + 0.15 * visits + (source == "Referral") * 1.5 + (role == "Working Professional")
    converted = rng.random(rows) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "Prospect ID": [f"p{i:04d}" for i in range(rows)],
            "Total Visits": np.where(rng.random(rows) < 0.05, "", visits.astype(str)),
            "Lead Source": source,
            "Current Role": role,
            "Converted": np.where(converted, "Yes", "No"),
            "p": np.round(1 / (1 + np.exp(-logit)), 2),
        }
    )


def test_evaluate_a_score_column_equals_sklearn(tmp_path: Path) -> None:
    frame = _leads()
    data = tmp_path / "scored.csv"
    frame.to_csv(data, index=False)
    report = tmp_path / "evaluation.json"
    code, stdout, _ = _cli(
        "evaluate", "--data", str(data), "--target", "Converted", "--score", "p",
        "--probability", "p", "--json", str(report),
    )  # fmt: skip
    assert code == 0, stdout
    assert "ROC AUC" in stdout and "Calibration" in stdout
    figures = json.loads(report.read_text())
    y = (frame["Converted"] == "Yes").astype(int)
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(y, frame["p"]))
    assert figures["pr_auc"] == pytest.approx(average_precision_score(y, frame["p"]))
    assert figures["brier"] == pytest.approx(brier_score_loss(y, frame["p"]))
    observed, predicted = calibration_curve(y, frame["p"], n_bins=10)
    assert [b["observed_rate"] for b in figures["calibration"]] == pytest.approx(list(observed))
    assert [b["mean_predicted"] for b in figures["calibration"]] == pytest.approx(list(predicted))
    assert figures["deciles"][-1]["cumulative_gain"] == pytest.approx(1.0)


def test_fit_points_writes_a_card_that_score_and_evaluate_apply(tmp_path: Path) -> None:
    frame = _leads().drop(columns="p")
    data = tmp_path / "history.csv"
    frame.to_csv(data, index=False)
    card_file = tmp_path / "card.yaml"
    code, stdout, stderr = _cli(
        "fit-points", "--data", str(data), "--target", "Converted", "--id", "Prospect ID",
        "--out", str(card_file),
    )  # fmt: skip
    assert code == 0, stderr
    assert "Lead Source" in stdout and "training ROC AUC" in stderr
    assert _cli("rules", "check", str(card_file))[0] == 0

    fresh = _leads(300, seed=1).drop(columns=["p", "Converted"])
    fresh.loc[0, "Lead Source"] = "a source never seen"
    leads = tmp_path / "fresh.csv"
    fresh.to_csv(leads, index=False)
    scores = tmp_path / "scores.csv"
    code, _, stderr = _cli(
        "score", "--leads", str(leads), "--rules", str(card_file), "--id", "Prospect ID",
        "--out", str(scores),
    )  # fmt: skip
    assert code == 0, stderr
    engine = pd.read_csv(scores, dtype={"lead_id": str}).set_index("lead_id")["total"]
    own = fit_points(data, "Converted", tmp_path / "again.yaml", "Prospect ID").card
    expected = pd.Series(own.score(pd.read_csv(leads, dtype=str, keep_default_na=False)))
    assert engine.loc[fresh["Prospect ID"]].to_numpy() == pytest.approx(expected.to_numpy())
    assert (tmp_path / "again.yaml").read_text() == card_file.read_text()

    report = tmp_path / "evaluation.json"
    code, stdout, stderr = _cli(
        "evaluate", "--data", str(data), "--target", "Converted", "--rules", str(card_file),
        "--id", "Prospect ID", "--json", str(report),
    )  # fmt: skip
    assert code == 0, stderr
    assert "Conversion by tier" in stdout
    figures = json.loads(report.read_text())
    totals = own.score(pd.read_csv(data, dtype=str, keep_default_na=False))
    y = (frame["Converted"] == "Yes").astype(int)
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(y, totals))
    assert figures["pr_auc"] == pytest.approx(average_precision_score(y, totals))
    assert [t["band"] for t in figures["tiers"]] == ["hot", "warm", "cold"]
    assert sum(t["count"] for t in figures["tiers"]) == len(frame)


def test_evaluate_without_an_id_scores_by_row(tmp_path: Path) -> None:
    frame = _leads(200)
    data = tmp_path / "history.csv"
    frame.to_csv(data, index=False)
    card_file = tmp_path / "card.yaml"
    card = fit_points(data, "Converted", card_file, "Prospect ID", exclude=["p"]).card
    frame.drop(columns="Prospect ID").to_csv(data, index=False)
    report = tmp_path / "evaluation.json"
    code, _, stderr = _cli(
        "evaluate", "--data", str(data), "--target", "Converted", "--rules", str(card_file),
        "--json", str(report),
    )  # fmt: skip
    assert code == 0, stderr
    totals = card.score(pd.read_csv(data, dtype=str, keep_default_na=False))
    y = (frame["Converted"] == "Yes").astype(int)
    assert json.loads(report.read_text())["roc_auc"] == pytest.approx(roc_auc_score(y, totals))


def test_bad_input_is_named_with_exit_code_2(tmp_path: Path) -> None:
    frame = _leads(100)
    frame["p"] = frame["p"].astype(str)
    frame.loc[6, "p"] = "high"
    data = tmp_path / "bad.csv"
    frame.to_csv(data, index=False)
    code, _, stderr = _cli("evaluate", "--data", str(data), "--target", "Converted", "--score", "p")
    assert code == 2 and "row 7" in stderr and "'p'" in stderr
    code, _, stderr = _cli("evaluate", "--data", str(data), "--target", "Nope", "--score", "p")
    assert code == 2 and "Nope" in stderr
    out = tmp_path / "card.yaml"
    code, _, stderr = _cli(
        "fit-points", "--data", str(data), "--target", "Lead Source", "--out", str(out)
    )
    assert code == 2 and "Lead Source" in stderr and not out.exists()
