from __future__ import annotations

import pytest

from leadscore.simulate import SimulationResult, simulate
from tests.unit.simulate.csvfiles import SMALL


@pytest.fixture(scope="module")
def funnel(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """One small simulated funnel shared by the read-only tests of a module."""
    return simulate(tmp_path_factory.mktemp("funnel"), leads=SMALL, seed=11)
