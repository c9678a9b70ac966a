"""Does the default scoring model single out the leads that became SQL?"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from leadscore.domain import parse_timestamp
from leadscore.evaluate import handover_auc
from leadscore.ingest import read_events, read_leads
from leadscore.simulate import DEFAULT_END, simulate
from leadscore.spec import load_spec, template_path


@pytest.mark.slow
def test_default_model_ranks_sql_leads_first(tmp_path: Path) -> None:
    """20,000 simulated leads, seed 7; SQL leads scored just before they became SQL."""
    result = simulate(tmp_path, leads=20_000, seed=7)
    events = defaultdict(list)
    for event in read_events(result.events_path):
        events[event.lead_id].append(event)
    with result.outcomes_path.open(newline="") as handle:
        became_sql = {
            row["lead_id"]: parse_timestamp(row["sql_at"]) if row["sql_at"] else None
            for row in csv.DictReader(handle)
        }
    spec = load_spec(template_path())
    leads = read_leads(result.leads_path)
    auc = handover_auc(spec, leads, events, became_sql, DEFAULT_END)
    assert auc >= 0.75, f"ROC AUC {auc:.3f}"
