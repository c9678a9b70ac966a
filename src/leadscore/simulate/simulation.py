"""simulate(): draw a whole B2B SaaS funnel into three CSV files, deterministically.

Each lead has its own random generator seeded from (seed, lead index), and each company
from (seed, company index), so a lead's rows never depend on the order leads are drawn in:
the same arguments always give byte-identical files on any machine. The company pool
grows with the number of leads (about 3 leads per company), so changing `leads` changes
who works where.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from leadscore.domain.timeutil import utc
from leadscore.simulate.behaviour import behave
from leadscore.simulate.clock import DEFAULT_END, months_before
from leadscore.simulate.leads import company_count, make_prospect
from leadscore.simulate.outcomes import decide
from leadscore.simulate.writer import FunnelWriter


@dataclass(frozen=True)
class SimulationResult:
    leads: int
    events: int
    sql: int
    won: int
    leads_path: Path
    events_path: Path
    outcomes_path: Path


def simulate(
    out_dir: Path,
    leads: int,
    seed: int = 0,
    end: datetime = DEFAULT_END,
    months: int = 6,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Write `leads.csv`, `events.csv` and `outcomes.csv` for `leads` leads into `out_dir`.

    Leads are created over the `months` before `end` and their events run up to `end`.
    `progress(n)` is told how many more leads are done, at most about every 1%.
    """
    if leads < 0:
        raise ValueError(f"leads must be zero or more, got {leads}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    end = utc(end)
    end_ts = end.timestamp()
    start_ts = months_before(end, months).timestamp()
    companies = company_count(leads)
    step = max(1, -(-leads // 100))  # about every 1%, never more often
    events = sql = won = pending = 0
    with FunnelWriter(Path(out_dir)) as writer:
        for index in range(leads):
            rng = random.Random(f"{seed}:{index}")
            prospect = make_prospect(rng, seed, index, companies, start_ts, end_ts)
            stream, journey = behave(rng, prospect, end_ts)
            outcome = decide(rng, prospect, stream, journey)
            events += writer.write(prospect, stream.events, outcome)
            sql += outcome.sql_at is not None
            won += outcome.won_at is not None
            pending += 1
            if progress is not None and pending >= step:
                progress(pending)
                pending = 0
    if progress is not None and pending:
        progress(pending)
    return SimulationResult(
        leads=leads,
        events=events,
        sql=sql,
        won=won,
        leads_path=writer.leads_path,
        events_path=writer.events_path,
        outcomes_path=writer.outcomes_path,
    )
