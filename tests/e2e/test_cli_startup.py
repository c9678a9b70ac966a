"""Every command pays for the CLI's imports: the heavy libraries of single commands (the
predictive stack, the web server) load only when those commands run."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "sklearn", "scipy", "lightgbm", "interpret", "fastapi", "uvicorn")


def test_the_cli_loads_no_heavy_library_up_front() -> None:
    probe = (
        f"import sys, leadscore.cli.app; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [], f"imported by `leadscore` before any command runs: {loaded}"
