"""Point-in-time training sets from the store: how long `leadscore training-set` and
`leadscore train --outcome` take on a simulated SQLite store.

Builds (or reuses) a store of N simulated leads with their events and the simulated sales
team's acceptances (three BANT items) and wins, then runs each command once through the
CLI in its own process and reports wall time and the table's size.

Run by hand:
  .venv/bin/python benchmarks/store_training.py [--leads 10000] [--seed 5] [--workdir DIR]
      [--train]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd

from leadscore.domain import DecisionKind, SalesDecision
from leadscore.domain.timeutil import parse_timestamp
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, simulate

CLI = [str(Path(sys.executable).with_name("leadscore"))]


def build_store(workdir: Path, leads: int, seed: int) -> str:
    db = workdir / f"store-{leads}-{seed}.db"
    if db.exists():
        return str(db)
    sim = simulate(workdir / f"sim-{leads}-{seed}", leads=leads, seed=seed)
    service = LeadService.recreate(str(db))
    service.ingest_leads(sim.leads_path, score=False)
    service.ingest_events(sim.events_path, score=False)
    decisions = []
    with sim.outcomes_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["sql_at"]:
                at = parse_timestamp(row["sql_at"])
                decisions.append(
                    SalesDecision(row["lead_id"], DecisionKind.ACCEPT, at, "sim", True, True, True)
                )
            if row["won_at"]:
                at = parse_timestamp(row["won_at"])
                decisions.append(SalesDecision(row["lead_id"], DecisionKind.WON, at, "sim"))
    service.add_decisions(decisions, score=False)
    return str(db)


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--train", action="store_true", help="also time train --outcome")
    options = parser.parse_args()
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="leadscore-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = build_store(workdir, options.leads, options.seed)
    dates = [(DEFAULT_END - timedelta(days=d)).date().isoformat() for d in (150, 120, 90)]
    cases = {
        "one cutoff (default)": [],
        "three snapshot dates": [arg for date in dates for arg in ("--cutoff", date)],
        "each lead's MQL moment": ["--cutoff", "mql"],
    }
    print(f"store: {options.leads:,} simulated leads ({db})")
    for name, extra in cases.items():
        out = workdir / "rows.parquet"
        args = ["training-set", "--db", db, "--outcome", "sql", "--within", "60", *extra]
        seconds = timed([*args, "--out", str(out)])
        table = pd.read_parquet(out)
        positives = int(table["sql_within_60d"].sum())
        print(f"training-set, {name}: {seconds:.1f} s, {len(table):,} rows, {positives:,} positive")
        if options.train:
            model = workdir / "model"
            args = ["train", "--db", db, "--outcome", "sql", "--within", "60", *extra]
            seconds = timed([*args, "--out", str(model)])
            print(f"  train --outcome sql, {name}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
