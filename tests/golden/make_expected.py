"""Regenerate tests/golden/data/expected.csv from the real-time engine.

Run by hand only when a change to scoring is intended, and review the diff:
    .venv/bin/python -m tests.golden.make_expected
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from leadscore.domain import parse_timestamp
from leadscore.engine import score_one
from leadscore.ingest import read_events, read_leads
from leadscore.spec import load_spec

DATA = Path(__file__).parent / "data"
AS_OF = "2026-06-30T00:00:00+00:00"
COLUMNS = ("lead_id", "fit", "engagement", "total", "tier", "grade", "stage", "signals")


def main() -> None:
    spec = load_spec(DATA / "model.yaml")
    events = defaultdict(list)
    for event in read_events(DATA / "golden_events.csv"):
        events[event.lead_id].append(event)
    with (DATA / "expected.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for lead in read_leads(DATA / "golden_leads.csv"):
            card = score_one(spec, lead, events[lead.lead_id], parse_timestamp(AS_OF))
            writer.writerow(
                [
                    lead.lead_id,
                    repr(card.fit),
                    repr(card.engagement),
                    repr(card.total),
                    card.tier,
                    card.grade,
                    card.stage.value,
                    ";".join(card.signals),
                ]
            )


if __name__ == "__main__":
    main()
