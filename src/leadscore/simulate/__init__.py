"""A deterministic, streaming simulator of a B2B SaaS funnel: leads, events, outcomes.

Used by the demo, the tests and the benchmarks. Pure standard library (`random`, `csv`),
so it runs anywhere and a seed means the same files on every machine.
"""

from leadscore.simulate.clock import DEFAULT_END
from leadscore.simulate.leads import LEAD_COLUMNS
from leadscore.simulate.simulation import SimulationResult, simulate
from leadscore.simulate.writer import EVENT_COLUMNS, OUTCOME_COLUMNS

__all__ = [
    "DEFAULT_END",
    "EVENT_COLUMNS",
    "LEAD_COLUMNS",
    "OUTCOME_COLUMNS",
    "SimulationResult",
    "simulate",
]
