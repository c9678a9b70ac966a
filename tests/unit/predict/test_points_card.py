"""The points card: bins that read like the data, and a total the engine reproduces."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from leadscore.domain.lead import Lead
from leadscore.engine.score_one import score_one
from leadscore.evaluate.metrics import roc_auc
from leadscore.predict.points import PointsCard, card_yaml
from leadscore.predict.points.numeric_binning import numeric_binning
from leadscore.spec.loader import load_spec_text

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def _leads(rows: int = 1500, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Text cells as a CSV gives them: spaces in names, blanks, "Select", case variants."""
    rng = np.random.default_rng(seed)
    visits = rng.integers(0, 30, rows)
    source = rng.choice(
        ["Google", "google ", "Direct", "Referral", "Ads", "Rare1", "Rare2"],
        rows,
        p=[0.3, 0.05, 0.3, 0.2, 0.148, 0.001, 0.001],
    )
    role = rng.choice(["Student", "Working", "Select", ""], rows)
    logit = (
        -2
        + 0.12 * visits
        + np.where(np.char.strip(source).astype(str) == "Referral", 1.5, 0)
        + np.where(role == "Working", 1.0, 0)
    )
    converted = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    visits_text = np.where(rng.random(rows) < 0.05, "", visits.astype(str))
    visits_text = np.where(rng.random(rows) < 0.02, "Select", visits_text)
    frame = pd.DataFrame({"Total Visits": visits_text, "Lead Source": source, "Current Role": role})
    return frame, converted


def test_numeric_bins_are_half_open_and_monotone_when_the_trend_is() -> None:
    frame, y = _leads()
    binning = numeric_binning("Total Visits", frame["Total Visits"], y.astype(float), 8, 0.05)
    assert binning.thresholds == sorted(binning.thresholds) and binning.thresholds
    ranges = [b for b in binning.bins if b.label not in ("missing",)]
    rates = [b.rate for b in ranges]
    assert rates == sorted(rates), "rising trend: pooled so rates never fall"
    first = ranges[0].alternatives[0][1]
    assert first == [{"below": binning.thresholds[0]}]
    assert binning.sentinels == ["Select"]
    values = pd.Series([str(binning.thresholds[0]), "", "Select", "lots"])
    codes = binning.assign(values)
    assert codes[0] == 1, "the threshold itself belongs to the upper bin (at_least)"
    assert codes[1] == codes[2] == len(binning.bins) - 1, "blank and Select are missing"
    assert codes[3] == -1, "text no range matches"


def test_card_total_equals_the_engine_on_its_own_rules() -> None:
    frame, y = _leads()
    card = PointsCard().fit(frame, y)
    spec = load_spec_text(card_yaml(card, "test card", y))
    fresh, _ = _leads(300, seed=1)
    fresh.loc[0, "Lead Source"] = "never seen"
    fresh.loc[1, "Total Visits"] = "12.0"
    expected = card.score(fresh)
    for index, row in fresh.iterrows():
        lead = Lead(lead_id=str(index), attributes=row.to_dict())
        assert score_one(spec, lead, (), AS_OF).fit == expected[index]


def test_scores_read_zero_to_hundred_and_rank_converters_first() -> None:
    frame, y = _leads()
    card = PointsCard().fit(frame, y)
    tops = sum(int(a.points.max()) for a in card.attributes_)
    assert tops == 100
    assert all(int(a.points.min()) == 0 for a in card.attributes_)
    assert roc_auc(y.tolist(), card.score(frame).tolist()) > 0.7
    assert list(card.tiers_) == ["cold", "warm", "hot"]
    assert 0 == card.tiers_["cold"] < card.tiers_["warm"] < card.tiers_["hot"]
    assert (card.training_scores_ >= card.tiers_["hot"]).mean() == pytest.approx(0.2, abs=0.1)


def test_same_values_the_engine_calls_equal_share_a_bin() -> None:
    frame, y = _leads()
    card = PointsCard().fit(frame, y)
    source = next(a for a in card.attributes_ if a.column == "Lead Source")
    codes = source.binning.assign(pd.Series(["Google", "google ", "GOOGLE", "Rare1", "new"]))
    assert codes[0] == codes[1] == codes[2]
    assert codes[3] == codes[4] == source.binning.rest


def test_the_file_is_commented_and_checked() -> None:
    frame, y = _leads()
    text = card_yaml(PointsCard().fit(frame, y), "test card", y)
    assert "# Total Visits: information value" in text
    assert "converted" in text and "tiers:" in text
    assert "'Lead Source: " in text
