from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore.errors import LeadscoreError
from leadscore.predict import prepare_table, read_table


def _raw(n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    return pd.DataFrame(
        {
            "Prospect ID": [f"p-{i:05d}" for i in range(n)],
            "Lead Number": (700000 - np.arange(n)).astype(str),
            "Converted": y.astype(str),
            "Visits": rng.poisson(2 + y).astype(str),
            "City": rng.choice(["Mumbai", "Select", "Pune", "Thane"], n).astype(object),
            "Rare": np.where(np.arange(n) < 5, "unique-ish", "common"),
            "Email Opt In": rng.choice(["Yes", "No"], n),
            "Magazine": "No",
            "Notes": [f"free text number {i % 300}" for i in range(n)],
            "Signed up": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%d-%m-%Y"),
        }
    )


def test_prepare_leaves_out_what_cannot_help_and_says_why() -> None:
    prepared = prepare_table(_raw(), "Converted", id_column="Prospect ID", exclude=["Visits"])
    notes = "\n".join(prepared.notes)
    assert "'Lead Number' left out: a running number" in notes
    assert "'Magazine' left out: the same value" in notes
    assert "'Notes' left out: free text" in notes
    assert "'Visits' left out: excluded" in notes
    assert list(prepared.features.columns) == [
        "City",
        "Rare",
        "Email Opt In",
        "Signed up month",
        "Signed up weekday",
        "(empty fields)",
        "(fields not chosen)",
    ]
    assert prepared.ids is not None and prepared.ids.iloc[0] == "p-00000"
    assert prepared.target.dtype == np.int8


def test_categories_sentinels_rare_values_and_booleans() -> None:
    prepared = prepare_table(_raw(), "Converted", id_column="Prospect ID")
    city = prepared.features["City"]
    assert list(city.cat.categories) == ["Mumbai", "Pune", "Thane", "other", "(not chosen)"]
    assert (city == "(not chosen)").sum() > 50  # "Select" is no city, but was shown and left
    assert city.isna().sum() == 0
    assert set(prepared.features["Rare"].astype(str)) == {"common", "other"}
    assert set(prepared.features["Email Opt In"].unique()) == {0.0, 1.0}
    assert prepared.features["Signed up month"].iloc[40] == 2.0


def test_row_tallies_count_empty_and_not_chosen_fields() -> None:
    raw = _raw(60)
    raw.loc[:9, "Email Opt In"] = ""
    raw.loc[5:14, "Visits"] = "N/A"
    prepared = prepare_table(raw, "Converted", id_column="Prospect ID")
    features = prepared.features
    tallied = features.drop(columns=["(empty fields)", "(fields not chosen)"])
    assert features["(empty fields)"].tolist() == tallied.isna().sum(axis=1).tolist()
    assert features["(empty fields)"].iloc[:15].tolist() == [1] * 5 + [2] * 5 + [1] * 5
    chosen = (raw["City"] == "Select").astype(float)
    assert features["(fields not chosen)"].tolist() == chosen.tolist()
    again = prepared.schema.transform(raw.iloc[:15])
    pd.testing.assert_frame_equal(again, features.iloc[:15])


def test_no_tallies_for_one_column_or_without_placeholders() -> None:
    raw = _raw(60).drop(columns=["City"])
    prepared = prepare_table(raw, "Converted", id_column="Prospect ID")
    assert "(empty fields)" in prepared.features.columns
    assert "(fields not chosen)" not in prepared.features.columns
    alone = prepare_table(raw[["Visits", "Converted"]], "Converted")
    assert list(alone.features.columns) == ["Visits"]


def test_the_schema_reads_new_files_the_same_way() -> None:
    raw = _raw()
    prepared = prepare_table(raw, "Converted", id_column="Prospect ID")
    again = prepared.schema.transform(raw.drop(columns=["Converted"]))
    pd.testing.assert_frame_equal(again, prepared.features)
    new = raw.head(3).assign(City=["Delhi", "Mumbai", "Select"])
    assert prepared.schema.transform(new)["City"].astype(object).tolist()[:2] == [
        "other",
        "Mumbai",
    ]
    with pytest.raises(LeadscoreError, match=r"missing column.*City"):
        prepared.schema.transform(raw.drop(columns=["City"]), "new.csv")


def test_unknown_columns_are_named() -> None:
    with pytest.raises(LeadscoreError, match="no column 'Outcome'"):
        prepare_table(_raw(), "Outcome")


def test_csv_and_parquet_read_alike(tmp_path) -> None:
    raw = _raw(50)
    raw.to_csv(tmp_path / "t.csv", index=False)
    raw.to_parquet(tmp_path / "t.parquet", index=False)
    from_csv = prepare_table(read_table(tmp_path / "t.csv"), "Converted", guard=False)
    from_parquet = prepare_table(read_table(tmp_path / "t.parquet"), "Converted", guard=False)
    pd.testing.assert_frame_equal(from_csv.features, from_parquet.features)
