"""Prometheus text-format metrics kept in-process (one set per worker process).

Counters and a latency histogram per route template (never the raw path, which can hold a
lead id) and status; `count` lets other parts add their own counters by name.
"""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
HELP = {
    "leadscore_http_requests_total": "HTTP requests by method, route and status.",
    "leadscore_http_request_duration_seconds": "HTTP request latency by route.",
    "leadscore_events_ingested_total": "Events stored through the API (duplicates excluded).",
    "leadscore_events_duplicate_total": "Events refused as repeats of a stored event_id.",
    "leadscore_leads_upserted_total": "Leads created or updated through the API.",
    "leadscore_ingest_groups_total": "Ingest transactions, each applying one or more "
    "requests (group commit).",
    "leadscore_ingest_grouped_requests_total": "Ingest requests applied; divided by "
    "leadscore_ingest_groups_total, the mean number of requests per transaction.",
}


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self._buckets: dict[str, list[int]] = {}
        self._sums: dict[str, float] = defaultdict(float)
        self._counters: dict[str, float] = defaultdict(float)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            counts = self._buckets.setdefault(route, [0] * (len(BUCKETS) + 1))
            index = next((i for i, bound in enumerate(BUCKETS) if seconds <= bound), len(BUCKETS))
            counts[index] += 1
            self._sums[route] += seconds

    def count(self, name: str, amount: float = 1) -> None:
        """Add to a counter `name` (declare its help text in HELP to have it described)."""
        with self._lock:
            self._counters[name] += amount

    def render(self) -> str:
        with self._lock:
            lines = _requests(self._requests) + _latency(self._buckets, self._sums)
            for name in sorted(self._counters):
                lines += _header(name, "counter")
                lines.append(f"{name} {_number(self._counters[name])}")
        return "\n".join(lines) + "\n"


def _header(name: str, kind: str) -> list[str]:
    return [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} {kind}"]


def _requests(requests: dict[tuple[str, str, int], int]) -> list[str]:
    name = "leadscore_http_requests_total"
    lines = _header(name, "counter")
    for (method, route, status), value in sorted(requests.items()):
        labels = f'method="{method}",route="{_label(route)}",status="{status}"'
        lines.append(f"{name}{{{labels}}} {value}")
    return lines


def _latency(buckets: dict[str, list[int]], sums: dict[str, float]) -> list[str]:
    name = "leadscore_http_request_duration_seconds"
    lines = _header(name, "histogram")
    for route, counts in sorted(buckets.items()):
        label = f'route="{_label(route)}"'
        running = 0
        for bound, count in zip((*BUCKETS, "+Inf"), counts, strict=True):
            running += count
            lines.append(f'{name}_bucket{{{label},le="{bound}"}} {running}')
        lines.append(f"{name}_sum{{{label}}} {sums[route]:.6f}")
        lines.append(f"{name}_count{{{label}}} {running}")
    return lines


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
