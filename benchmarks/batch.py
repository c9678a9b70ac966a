"""Batch scoring benchmark: `leadscore score` against a bare DuckDB scan and plain pandas.

Generates (or reuses) a simulated data set as Parquet, then times in the same run, each
contender in its own process: the floor (DuckDB `SELECT lead_id, count(*) ... GROUP BY
lead_id` written to Parquet), `leadscore score` end to end through its CLI, and the pandas
implementation in benchmarks/pandas_scoring.py. Reports median wall time, ratio to the
floor and peak RSS, checks the pandas scores against leadscore's, and judges the targets of
issue 3 (<= 3x the floor, >= 4x faster than pandas, peak memory under 4 GB).

Run by hand:
  .venv/bin/python benchmarks/batch.py [--leads 1000000] [--events-per-lead 20] [--runs 3]
      [--workdir DIR] [--keep] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from leadscore.simulate import DEFAULT_END, simulate
from leadscore.spec import template_path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TOLERANCE = 1e-6
MB = 1_000_000
TARGET_FLOOR_RATIO = 3.0
TARGET_PANDAS_SPEEDUP = 4.0
TARGET_PEAK_MB = 4_000

FLOOR = """
import sys, duckdb
events, out = (path.replace("'", "''") for path in sys.argv[1:3])
duckdb.sql(
    f"COPY (SELECT lead_id, count(*) AS events FROM read_parquet('{events}') GROUP BY lead_id)"
    f" TO '{out}' (FORMAT parquet)"
)
"""

# Not a target, a diagnosis: what `leadscore score` does (batch/run.py) without the
# lifecycle stage (moments and fold), so the stage's share of the time can be told apart.
SCORE_MANY = """
import sys
from pathlib import Path
from leadscore.batch.tables import events_table, leads_table, workspace
from leadscore.domain.timeutil import parse_timestamp
from leadscore.engine.many import score_many
from leadscore.spec import load_spec
leads, events, rules, as_of, out = sys.argv[1:6]
with workspace() as con:
    con.raw_sql("SET enable_progress_bar = false")
    lead_rows = leads_table(con, Path(leads))
    event_rows = events_table(con, Path(events))
    scores = score_many(load_spec(Path(rules)), lead_rows, event_rows, parse_timestamp(as_of))
    scores.drop("stage", "needs_replay").to_parquet(out)
"""

LEAD_TYPES = {
    "employees": "BIGINT",
    "annual_revenue": "DOUBLE",
    "created_at": "TIMESTAMPTZ",
    "do_not_email": "BOOLEAN",
    "do_not_call": "BOOLEAN",
}


@dataclass
class Contender:
    name: str
    command: list[str]
    out: Path
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    last_message: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class DataSet:
    leads_path: Path
    events_path: Path
    leads: int
    events: int


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument(
        "--events-per-lead",
        type=float,
        default=20.0,
        help="thin the simulated events (about 22.7 per lead) to about this many per lead, "
        "by a hash of event_id; 0 keeps them all",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the data set lives and is reused from (default: a temporary directory)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the simulator's CSV files, and the temporary directory when no --workdir",
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="leadscore-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(machine_info())
        data = data_set(workdir, args.leads, args.seed, args.events_per_lead, args.keep)
        contenders = benchmark(data, workdir, args.runs)
        report(contenders, data, args.runs)
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.workdir is None:
            print(f"kept {workdir}")


# --- the data set ----------------------------------------------------------------------


def data_set(workdir: Path, leads: int, seed: int, per_lead: float, keep: bool) -> DataSet:
    """Parquet leads and events in `workdir`, reused when a previous run made the same set."""
    wanted = {"leads": leads, "seed": seed, "events_per_lead": per_lead}
    manifest = workdir / "manifest.json"
    leads_path, events_path = workdir / "leads.parquet", workdir / "events.parquet"
    found = json.loads(manifest.read_text()) if manifest.exists() else {}
    if (
        {key: found.get(key) for key in wanted} == wanted
        and leads_path.exists()
        and events_path.exists()
    ):
        print(f"reusing the data set in {workdir}")
    else:
        manifest.unlink(missing_ok=True)
        csv_dir = simulated_csv(workdir / "csv", leads, seed)
        started = time.perf_counter()
        thinned = to_parquet(csv_dir, leads_path, events_path, leads, per_lead)
        print(f"converted to Parquet in {time.perf_counter() - started:.1f} s{thinned}")
        manifest.write_text(json.dumps(wanted))
        if not keep:
            shutil.rmtree(csv_dir)
    data = DataSet(leads_path, events_path, rows(leads_path), rows(events_path))
    for path, count in ((leads_path, data.leads), (events_path, data.events)):
        print(f"  {path.name}: {count:,} rows, {path.stat().st_size / MB:,.1f} MB")
    print(f"  {data.events / max(data.leads, 1):.1f} events per lead")
    return data


def simulated_csv(csv_dir: Path, leads: int, seed: int) -> Path:
    """The simulator's CSV files, reused when a kept run left them for the same arguments."""
    stamp = csv_dir / "simulated.json"
    wanted = {"leads": leads, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        print(f"reusing simulated CSV files in {csv_dir}")
        return csv_dir
    print(f"simulating {leads:,} leads (seed {seed}) ...", flush=True)
    started = time.perf_counter()
    result = simulate(csv_dir, leads=leads, seed=seed)
    print(
        f"simulated {result.leads:,} leads / {result.events:,} events as CSV "
        f"in {time.perf_counter() - started:.1f} s"
    )
    stamp.write_text(json.dumps(wanted))
    return csv_dir


def to_parquet(
    csv_dir: Path, leads_path: Path, events_path: Path, leads: int, per_lead: float
) -> str:
    """Typed Parquet via DuckDB: properties stay a JSON string, occurred_at a TIMESTAMPTZ."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    leads_csv = _quoted(csv_dir / "leads.csv")
    events_csv = _quoted(csv_dir / "events.csv")
    typed = ", ".join(
        f"CAST(NULLIF(trim({name}), '') AS {kind}) AS {name}" for name, kind in LEAD_TYPES.items()
    )
    con.execute(
        f"COPY (SELECT * REPLACE ({typed}) FROM read_csv({leads_csv}, header = true, "
        f"all_varchar = true)) TO {_quoted(leads_path)} (FORMAT parquet)"
    )
    source = f"read_csv({events_csv}, header = true, all_varchar = true)"
    simulated = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]  # type: ignore[index]
    keep, note = 1.0, ""
    if per_lead and leads and simulated / leads > per_lead:
        keep = per_lead * leads / simulated
        note = f" (events thinned from {simulated:,} to about {per_lead:g} per lead)"
    where = f"WHERE hash(event_id) % 1000000 < {round(keep * 1_000_000)}" if keep < 1 else ""
    con.execute(
        f"COPY (SELECT event_id, lead_id, type, CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at,"
        f" properties FROM {source} {where}) TO {_quoted(events_path)} (FORMAT parquet)"
    )
    con.close()
    return note


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


# --- timing ----------------------------------------------------------------------------


def contenders(data: DataSet, out_dir: Path) -> list[Contender]:
    as_of = DEFAULT_END.isoformat()
    rules = str(template_path())
    leads, events = str(data.leads_path), str(data.events_path)
    floor_out, leadscore_out, pandas_out, many_out = (
        out_dir / f"{name}.parquet" for name in ("floor", "leadscore", "pandas", "score_many")
    )
    return [
        Contender("floor (DuckDB count)", [sys.executable, "-c", FLOOR, events, str(floor_out)],
                  floor_out),
        Contender(
            "leadscore score",
            [str(BIN / "leadscore"), "score", "--leads", leads, "--events", events,
             "--rules", rules, "--as-of", as_of, "--out", str(leadscore_out)],
            leadscore_out,
        ),
        Contender(
            "pandas",
            [sys.executable, str(HERE / "pandas_scoring.py"), leads, events, rules, as_of,
             str(pandas_out)],
            pandas_out,
        ),
        Contender(
            "score_many, no stage *",
            [sys.executable, "-c", SCORE_MANY, leads, events, rules, as_of, str(many_out)],
            many_out,
        ),
    ]  # fmt: skip


def benchmark(data: DataSet, workdir: Path, runs: int) -> list[Contender]:
    """Each run times every contender once, in turn, so drifts in the machine hit all alike."""
    out_dir = workdir / "out"
    out_dir.mkdir(exist_ok=True)
    timed = contenders(data, out_dir)
    startup, _, _ = measured([str(BIN / "leadscore"), "--help"], out_dir / "startup.log")
    print(f"leadscore CLI start-up (`leadscore --help`): {startup:.1f} s")
    for run in range(1, runs + 1):
        for contender in timed:
            contender.out.unlink(missing_ok=True)
            log = contender.out.with_suffix(".log")
            seconds, peak_mb, message = measured(contender.command, log)
            contender.seconds.append(seconds)
            contender.peak_mb.append(peak_mb)
            contender.last_message = message
            print(
                f"run {run}/{runs}  {contender.name:<22} {seconds:8.1f} s  {peak_mb:8,.0f} MB",
                flush=True,
            )
        if run == 1:
            check(timed[1].out, timed[2].out, data.leads)
    return timed


def measured(command: list[str], log: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and last line of stderr of `command` in its own process.

    `os.wait4` returns the rusage of exactly that child, whose `ru_maxrss` (KiB on Linux)
    is its resident-set high-water mark.
    """
    with log.open("w") as sink:
        started = time.perf_counter()
        wide = {**os.environ, "COLUMNS": "200"}  # Rich wraps at 80 columns when not a tty
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=wide)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text}")
    lines = [line for line in text.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss * 1024 / MB, lines[-1] if lines else ""


def check(leadscore_out: Path, pandas_out: Path, leads: int) -> None:
    """Compare the pandas scores with leadscore's, lead by lead, and say where they differ."""
    columns = ["lead_id", "fit", "engagement", "total", "tier", "grade", "signals"]
    ours = pd.read_parquet(leadscore_out, columns=columns)
    theirs = pd.read_parquet(pandas_out, columns=columns)
    both = ours.merge(theirs, on="lead_id", how="outer", suffixes=("", "_pd"), indicator=True)
    problems = {
        "leads only in leadscore": (both["_merge"] == "left_only").to_numpy(),
        "leads only in pandas": (both["_merge"] == "right_only").to_numpy(),
    }
    for name in ("fit", "engagement", "total"):
        problems[name] = ~((both[name] - both[f"{name}_pd"]).abs() <= TOLERANCE).to_numpy()
    for name in ("tier", "grade"):
        problems[name] = (both[name] != both[f"{name}_pd"]).to_numpy()
    problems["signals"] = pd.Series(
        [_names(a) != _names(b) for a, b in zip(both["signals"], both["signals_pd"], strict=True)]
    ).to_numpy()
    print(f"check pandas vs leadscore over {len(both):,} leads (expected {leads:,}):")
    for name, wrong in problems.items():
        print(f"  {name:<24} {int(wrong.sum()):>9,} mismatches")
        if wrong.any():
            print(both.loc[wrong].head(3).to_string(max_colwidth=60))


def _names(value: object) -> tuple[str, ...]:
    return () if value is None else tuple(value)  # type: ignore[arg-type]


# --- report ----------------------------------------------------------------------------


def report(timed: list[Contender], data: DataSet, runs: int) -> None:
    floor, leadscore, pandas_run = timed[:3]
    print()
    print(f"{data.leads:,} leads, {data.events:,} events; medians of {runs} run(s)")
    print(f"{'contender':<22} {'median s':>9} {'x floor':>8} {'peak MB':>9}   runs (s)")
    for contender in timed:
        each = ", ".join(f"{s:.1f}" for s in contender.seconds)
        print(
            f"{contender.name:<22} {contender.median:9.2f} {contender.median / floor.median:8.2f}"
            f" {max(contender.peak_mb):9,.0f}   {each}"
        )
    print("* not a contender: score_many as `leadscore score` runs it, without the stage")
    if leadscore.last_message:
        print(f"leadscore said: {leadscore.last_message}")
    ratio = leadscore.median / floor.median
    speedup = pandas_run.median / leadscore.median
    peak = max(leadscore.peak_mb)
    print()
    targets = [
        (f"leadscore <= {TARGET_FLOOR_RATIO:g}x the floor", f"{ratio:.2f}x",
         ratio <= TARGET_FLOOR_RATIO),
        (f">= {TARGET_PANDAS_SPEEDUP:g}x faster than pandas", f"{speedup:.2f}x",
         speedup >= TARGET_PANDAS_SPEEDUP),
        (f"leadscore peak < {TARGET_PEAK_MB:,} MB", f"{peak:,.0f} MB", peak < TARGET_PEAK_MB),
    ]  # fmt: skip
    print("targets (issue 3):")
    for name, measured_value, ok in targets:
        print(f"  {name:<32} {measured_value:>10}   {_verdict(ok)}")


def _verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def machine_info() -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {total_kib * 1024 / 1e9:.1f} GB RAM"
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]  # fmt: skip
        cpu = names[0] if names else cpu
    return (
        f"machine: {cores} cores ({usable} usable), {cpu}{memory}; {platform.system()} "
        f"{platform.release()}\nPython {platform.python_version()}, duckdb {duckdb.__version__}, "
        f"pandas {pd.__version__}"
    )


if __name__ == "__main__":
    main()
