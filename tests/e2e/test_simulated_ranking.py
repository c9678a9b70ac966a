"""Does the default scoring model predict conversion on the simulator's funnel?"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from leadscore.engine import score_one
from leadscore.evaluate import roc_auc
from leadscore.ingest import read_events, read_leads
from leadscore.simulate import DEFAULT_END, simulate
from leadscore.spec import load_spec, template_path


@pytest.mark.slow
def test_default_model_ranks_sql_leads_first(tmp_path: Path) -> None:
    result = simulate(tmp_path, leads=20_000, seed=7)
    spec = load_spec(template_path())
    events = defaultdict(list)
    for event in read_events(result.events_path):
        events[event.lead_id].append(event)
    with result.outcomes_path.open(newline="") as handle:
        became_sql = {row["lead_id"]: bool(row["sql_at"]) for row in csv.DictReader(handle)}
    leads = read_leads(result.leads_path)
    totals = [score_one(spec, lead, events[lead.lead_id], DEFAULT_END).total for lead in leads]
    auc = roc_auc([became_sql[lead.lead_id] for lead in leads], totals)
    assert auc >= 0.75, f"ROC AUC {auc:.3f}"
