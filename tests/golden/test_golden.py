"""A pinned model, leads and events with their expected scores: both engines must match.

The expected file is written by `python -m tests.golden.make_expected`; a change here means
scores changed, which must be intended and reviewed.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from leadscore.batch import score_files
from leadscore.domain import parse_timestamp
from leadscore.engine import score_one
from leadscore.ingest import read_events, read_leads
from leadscore.spec import load_spec
from tests.golden.make_expected import AS_OF, DATA


def _expected() -> dict[str, dict[str, str]]:
    with (DATA / "expected.csv").open(newline="") as handle:
        return {row["lead_id"]: row for row in csv.DictReader(handle)}


def _same(row: dict[str, str], fit: float, engagement: float, total: float, rest: tuple) -> None:
    for name, value in (("fit", fit), ("engagement", engagement), ("total", total)):
        assert math.isclose(float(row[name]), value, rel_tol=1e-9, abs_tol=1e-9), name
    assert (row["tier"], row["grade"], row["stage"], row["signals"]) == rest


def test_score_one_matches_the_golden_file() -> None:
    spec = load_spec(DATA / "model.yaml")
    events = defaultdict(list)
    for event in read_events(DATA / "golden_events.csv"):
        events[event.lead_id].append(event)
    expected = _expected()
    for lead in read_leads(DATA / "golden_leads.csv"):
        card = score_one(spec, lead, events[lead.lead_id], parse_timestamp(AS_OF))
        rest = (card.tier, card.grade, card.stage.value, ";".join(card.signals))
        _same(expected[lead.lead_id], card.fit, card.engagement, card.total, rest)


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_score_many_matches_the_golden_file(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")  # the shared session, which score_files then uses
    out = tmp_path / "scores.parquet"
    leads, events = DATA / "golden_leads.csv", DATA / "golden_events.csv"
    score_files(DATA / "model.yaml", leads, out, parse_timestamp(AS_OF), events, engine=engine)
    expected = _expected()
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(expected)
    for row in rows:
        rest = (row["tier"], row["grade"], row["stage"], ";".join(row["signals"]))
        _same(expected[row["lead_id"]], row["fit"], row["engagement"], row["total"], rest)
