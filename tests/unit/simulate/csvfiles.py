"""Reading the simulator's CSV output back in tests."""

from __future__ import annotations

import csv
from pathlib import Path

SMALL = 300


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
