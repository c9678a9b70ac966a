from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from leadscore.cli.app import app
from leadscore.simulate import SimulationResult, simulate

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run the CLI in-process against a database in tmp_path; returns the Click result."""
    runner = CliRunner()
    db = str(tmp_path / "test.db")

    def invoke(*args: str, db_arg: bool = True) -> Result:
        full = [*args, "--db", db] if db_arg else list(args)
        return runner.invoke(app, full, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def small_funnel(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    return simulate(tmp_path_factory.mktemp("sim"), leads=300, seed=3)
