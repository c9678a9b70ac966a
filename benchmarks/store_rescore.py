"""Store-mode rescoring benchmark: `leadscore score --db` (set-based) against the per-lead loop.

Builds (or reuses) a simulated SQLite store: leads, their events and the simulated sales
acceptances, not yet scored. Then times in the same run, each contender in its own process
on a fresh copy of that store, interleaved so drifts in the machine hit both alike:

- *per-lead loop*: what `leadscore score --db` did before, `leadscore.rescore.rescore_each`
  (the real-time engine lead by lead) in one transaction, as the service runs it;
- *leadscore score --db*: the CLI end to end, set-based (score_many, with the stage history
  replayed only for leads with decisions or that left the initial stage).

With `--rescored`, each copy is first scored (untimed) seven days earlier, so the timed run
finds current scores and adds history only where scores changed. After the first run the
two resulting stores are compared (scores, score history, stage history; numbers within
1e-9 relative). Reports median wall time, CPU time and peak RSS of each contender.

Run by hand:
  .venv/bin/python benchmarks/store_rescore.py [--leads 50000] [--runs 3] [--seed 7]
      [--workdir DIR] [--rescored]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from leadscore.demo import _acceptances, _outcomes
from leadscore.service import LeadService
from leadscore.simulate import DEFAULT_END, simulate

BIN = Path(sys.executable).parent
MB = 1_000_000
AS_OF = DEFAULT_END
EARLIER = DEFAULT_END - timedelta(days=7)

PER_LEAD_LOOP = """
import sys
from leadscore.domain.timeutil import parse_timestamp
from leadscore.rescore import rescore_each
from leadscore.service import LeadService
service = LeadService.open(sys.argv[1])
version, spec = service.active_model()
with service.store.transaction() as tx:
    report = rescore_each(tx, spec, version.version, parse_timestamp(sys.argv[2]))
print(f"{report.scored:,} leads scored, {report.changed:,} changed")
"""


@dataclass
class Contender:
    name: str
    command: list[str]
    db: Path
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    last_message: str = ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leads", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep and reuse the store here")
    parser.add_argument(
        "--rescored", action="store_true", help="time a rescore of an already scored store"
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="leadscore-store-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(machine_info())
        template = store(workdir, args.leads, args.seed)
        contenders = benchmark(template, workdir, args.runs, args.rescored)
        report(contenders, args.runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def machine_info() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{platform.platform()} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs · load average {load}"
    )


# --- the store -------------------------------------------------------------------------


def store(workdir: Path, leads: int, seed: int) -> Path:
    """An initialised, unscored store, reused when a previous run made the same one."""
    template = workdir / "template.db"
    manifest = workdir / "manifest.json"
    wanted = {"leads": leads, "seed": seed}
    if template.exists() and manifest.exists() and json.loads(manifest.read_text()) == wanted:
        print(f"reusing the store {template}")
    else:
        manifest.unlink(missing_ok=True)
        started = time.perf_counter()
        sim = simulate(workdir / "csv", leads=leads, seed=seed)
        service = LeadService.recreate(str(template))
        service.ingest_leads(sim.leads_path, score=False)
        service.ingest_events(sim.events_path, score=False)
        decisions = _acceptances(_outcomes(sim.outcomes_path), AS_OF)
        service.add_decisions(decisions, score=False)
        service.store.close()
        _checkpoint(template)
        shutil.rmtree(workdir / "csv")
        manifest.write_text(json.dumps(wanted))
        print(f"built the store in {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(template) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("leads", "events", "decisions")
        }
    print("  " + ", ".join(f"{count:,} {table}" for table, count in counts.items()))
    return template


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so a copy of the file is the whole store."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def fresh_copy(template: Path, db: Path, rescored: bool) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, db)
    if rescored:
        service = LeadService.open(str(db))
        service.score(as_of=EARLIER)
        service.store.close()
        _checkpoint(db)


# --- timing ----------------------------------------------------------------------------


def benchmark(template: Path, workdir: Path, runs: int, rescored: bool) -> list[Contender]:
    as_of = AS_OF.isoformat()
    loop_db, set_db = workdir / "per_lead.db", workdir / "set_based.db"
    timed = [
        Contender("per-lead loop", [sys.executable, "-c", PER_LEAD_LOOP, str(loop_db), as_of],
                  loop_db),
        Contender(
            "leadscore score --db",
            [str(BIN / "leadscore"), "score", "--db", f"sqlite:///{set_db}", "--as-of", as_of],
            set_db,
        ),
    ]  # fmt: skip
    for run in range(1, runs + 1):
        for contender in timed:
            fresh_copy(template, contender.db, rescored)
            seconds, cpu, peak_mb, message = measured(contender.command, workdir / "log.txt")
            contender.seconds.append(seconds)
            contender.cpu.append(cpu)
            contender.peak_mb.append(peak_mb)
            contender.last_message = message
            print(
                f"run {run}/{runs}  {contender.name:<22} {seconds:7.1f} s wall  "
                f"{cpu:7.1f} s CPU  {peak_mb:6,.0f} MB  ({message})",
                flush=True,
            )
        if run == 1:
            check(set_db, loop_db)
    return timed


def measured(command: list[str], log: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) and the last line of output
    of `command`, run in its own process (`os.wait4` gives exactly that child's usage)."""
    with log.open("w") as sink:
        started = time.perf_counter()
        wide = {**os.environ, "COLUMNS": "200"}
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=wide)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    text = log.read_text()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{text}")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss * 1024 / MB, lines[-1] if lines else ""


# --- the check -------------------------------------------------------------------------

TABLES = {
    "scores": ("lead_id", {"scored_at"}),
    "score_history": ("lead_id, id", {"id", "scored_at"}),
    "stage_history": ("lead_id, id", {"id", "recorded_at"}),
}


def check(got_db: Path, want_db: Path) -> None:
    """The set-based store against the per-lead loop's, row by row."""
    for table, (order, skip) in TABLES.items():
        got, want = _rows(got_db, table, order, skip), _rows(want_db, table, order, skip)
        bad = [
            row["lead_id"] for row, other in zip(got, want, strict=False) if not _same(row, other)
        ]
        verdict = "identical" if len(got) == len(want) and not bad else "DIFFERENT"
        print(f"check {table:<14} {len(got):>9,} rows vs {len(want):>9,}: {verdict}")
        if bad:
            print(f"  first leads that differ: {', '.join(bad[:5])}")


def _rows(db: Path, table: str, order: str, skip: set[str]) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(f"SELECT * FROM {table} ORDER BY {order}")
        return [
            {k: _value(k, row[k]) for k in row.keys() if k not in skip}  # noqa: SIM118
            for row in rows
        ]


def _value(name: str, value: object) -> object:
    if name in ("signals", "contributions") and isinstance(value, str):
        return json.loads(value)
    return value


def _same(got: object, want: object) -> bool:
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and got.keys() == want.keys()
            and all(_same(got[k], want[k]) for k in want)
        )
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(_same(a, b) for a, b in zip(got, want, strict=True))
        )
    if isinstance(want, float) and isinstance(got, float):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    return got == want


# --- the report ------------------------------------------------------------------------


def report(contenders: list[Contender], runs: int) -> None:
    loop, set_based = contenders
    print(f"\nmedian of {runs} run(s):")
    for contender in contenders:
        print(
            f"  {contender.name:<22} {statistics.median(contender.seconds):7.1f} s wall  "
            f"{statistics.median(contender.cpu):7.1f} s CPU  "
            f"{max(contender.peak_mb):6,.0f} MB peak"
        )
    wall = statistics.median(loop.seconds) / statistics.median(set_based.seconds)
    cpu = statistics.median(loop.cpu) / statistics.median(set_based.cpu)
    print(f"  set-based is {wall:.1f}x faster in wall time, {cpu:.1f}x in CPU time")
    print(f"  ({machine_info()})")


if __name__ == "__main__":
    main()
