"""Training and prediction speed through the CLI.

Builds a 10,000-row training table from X Education's 9,240 leads (all of them, topped
up by resampling; a table of mostly repeated rows would let early stopping see its own
training rows and grow far more trees than real data does) and a 1,000,000-row table to
score by resampling (seed 1; each row gets a distinct id), then times, each
in its own process: `leadscore train` on the 10,000 rows (all three candidates, 5 folds)
and `leadscore predict` on the 1,000,000 rows (CSV in, CSV out, every row explained).
Targets of issue 5: training under a minute, prediction under a minute, on 2 cores.
Reports wall time, CPU time and peak RSS of each child, and the load average (other work
on the machine shows there). The machine is shared, so wall time swings with the load;
CPU time (user + system, all threads) is the steadier figure to compare. `--repeat N`
runs `predict` N times; `--keep-model` (with `--workdir`) reuses a model trained before.

Run by hand:
  .venv/bin/python benchmarks/predict_speed.py [--data ../shared/data/xeducation/Leads.csv]
      [--train-rows 10000] [--predict-rows 1000000] [--workdir DIR] [--repeat N]
      [--keep-model]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "xeducation" / "Leads.csv"
LEADSCORE = str(Path(sys.executable).parent / "leadscore")
TARGET, ID = "Converted", "Prospect ID"


def resample(frame: pd.DataFrame, rows: int, seed: int, target: bool) -> pd.DataFrame:
    picked = frame.sample(rows, replace=True, random_state=seed).reset_index(drop=True)
    picked[ID] = [f"{value}-{i}" for i, value in enumerate(picked[ID])]
    return picked if target else picked.drop(columns=[TARGET])


def timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{command[1]} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--train-rows", type=int, default=10_000)
    parser.add_argument("--predict-rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="predict runs")
    parser.add_argument("--keep-model", action="store_true", help="reuse WORKDIR/model")
    args = parser.parse_args()
    frame = pd.read_csv(args.data, dtype=str, keep_default_na=False)
    with tempfile.TemporaryDirectory(prefix="predict-speed-") as scratch:
        work = args.workdir or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        history, fresh = work / "history.csv", work / f"score-{args.predict_rows}.csv"
        extra = max(0, args.train_rows - len(frame))
        topped = pd.concat([frame, resample(frame, extra, 0, True)], ignore_index=True)
        topped.head(args.train_rows).to_csv(history, index=False)
        if not fresh.exists():
            resample(frame, args.predict_rows, 1, False).to_csv(fresh, index=False)
        model, out = work / "model", work / "scores.csv"
        print(f"load average before: {tuple(round(v, 2) for v in os.getloadavg())}")
        if not (args.keep_model and (model / "model.joblib").exists()):
            train = [LEADSCORE, "train", "--data", str(history), "--target", TARGET, "--id", ID]
            train += ["--out", str(model)]
            wall, cpu, rss = timed(train)
            print(
                f"train   {args.train_rows:>9,} rows: {wall:6.1f} s wall, {cpu:6.1f} s CPU, "
                f"{rss:6.0f} MB  (target < 60 s: {'MET' if wall < 60 else 'NOT MET'})"
            )
        predict = [LEADSCORE, "predict", "--model", str(model), "--data", str(fresh)]
        predict += ["--out", str(out)]
        for _ in range(args.repeat):
            wall, cpu, rss = timed(predict)
            rows = sum(1 for _ in out.open()) - 1
            print(
                f"predict {rows:>9,} rows: {wall:6.1f} s wall, {cpu:6.1f} s CPU, "
                f"{rss:6.0f} MB  (target < 60 s: {'MET' if wall < 60 else 'NOT MET'}; "
                f"load {os.getloadavg()[0]:.1f})"
            )
        print(f"load average after: {tuple(round(v, 2) for v in os.getloadavg())}")
        if rows != args.predict_rows or np.isnan(pd.read_csv(out, nrows=1000)["probability"]).any():
            raise SystemExit("predict output is incomplete")


if __name__ == "__main__":
    main()
