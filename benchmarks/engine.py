"""Real-time engine throughput: score_one over a simulated funnel, leads/s and events/s.

Run by hand:  .venv/bin/python benchmarks/engine.py [--leads 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from leadscore.engine import score_one
from leadscore.ingest import read_events, read_leads
from leadscore.simulate import DEFAULT_END, simulate
from leadscore.spec import load_spec, template_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        result = simulate(Path(directory), leads=args.leads, seed=args.seed)
        simulated = time.perf_counter() - started
        started = time.perf_counter()
        leads = read_leads(result.leads_path)
        events = read_events(result.events_path)
        read = time.perf_counter() - started
    by_lead = defaultdict(list)
    for event in events:
        by_lead[event.lead_id].append(event)
    spec = load_spec(template_path())
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for lead in leads:
            score_one(spec, lead, by_lead[lead.lead_id], DEFAULT_END)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"simulate {result.leads:,} leads / {result.events:,} events: {simulated:.1f} s")
    print(f"read both files: {read:.1f} s ({result.events / read:,.0f} events/s)")
    print(
        f"score_one, median of {args.runs}: {median:.1f} s = {result.leads / median:,.0f} leads/s,"
        f" {result.events / median:,.0f} events/s"
    )


if __name__ == "__main__":
    main()
