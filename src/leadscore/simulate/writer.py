"""Streaming CSV output: every lead's rows are written as soon as the lead is drawn.

Nothing but the current lead is held in memory, so a million leads and twenty million
events cost the same memory as a hundred. Event ids are `<lead_id>-<n>` in time order
within the lead: unique without a global counter, and stable for a seed.
"""

from __future__ import annotations

import csv
import json
from operator import itemgetter
from pathlib import Path
from types import TracebackType

from leadscore.simulate.clock import iso
from leadscore.simulate.leads import LEAD_COLUMNS, Prospect
from leadscore.simulate.outcomes import Outcome
from leadscore.simulate.stream import Properties, RawEvent

EVENT_COLUMNS: tuple[str, ...] = ("event_id", "lead_id", "type", "occurred_at", "properties")
OUTCOME_COLUMNS: tuple[str, ...] = ("lead_id", "sql_at", "won_at")

_to_json = json.JSONEncoder(separators=(",", ":"), sort_keys=True).encode
_by_time = itemgetter(0)


def _json(properties: Properties) -> str:
    return properties if isinstance(properties, str) else _to_json(properties)


class FunnelWriter:
    """Writes `leads.csv`, `events.csv` and `outcomes.csv` into one directory."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.leads_path = out_dir / "leads.csv"
        self.events_path = out_dir / "events.csv"
        self.outcomes_path = out_dir / "outcomes.csv"
        paths = (self.leads_path, self.events_path, self.outcomes_path)
        self._files = [path.open("w", encoding="utf-8", newline="") for path in paths]
        leads, events, outcomes = (csv.writer(f, lineterminator="\n") for f in self._files)
        leads.writerow(LEAD_COLUMNS)
        events.writerow(EVENT_COLUMNS)
        outcomes.writerow(OUTCOME_COLUMNS)
        self._leads, self._events, self._outcomes = leads, events, outcomes

    def write(self, prospect: Prospect, events: list[RawEvent], outcome: Outcome) -> int:
        """Write one lead with its events and outcome; return how many events."""
        lead_id = prospect.lead_id
        self._leads.writerow(prospect.row)
        events.sort(key=_by_time)
        self._events.writerows(
            (f"{lead_id}-{n:04d}", lead_id, kind, iso(ts), _json(props))
            for n, (ts, kind, props) in enumerate(events, start=1)
        )
        sql = "" if outcome.sql_at is None else iso(outcome.sql_at)
        won = "" if outcome.won_at is None else iso(outcome.won_at)
        self._outcomes.writerow((lead_id, sql, won))
        return len(events)

    def close(self) -> None:
        for file in self._files:
            file.close()

    def __enter__(self) -> FunnelWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
