"""Group commit for the ingest routes: requests that arrive while a transaction is being
applied wait for it, and the next transaction applies them together.

Under load most of a small request's cost is per transaction (BEGIN, the lock, each
statement's round trip, the commit), not per event, so sharing one transaction among the
requests waiting at that moment multiplies throughput, on SQLite and on PostgreSQL. A
request alone is applied at once, as before: grouping only ever takes requests that would
otherwise have waited their turn.

A group holds requests whose footprints (leads, event ids, Idempotency-Key) are disjoint,
so each gets exactly the reply it would get alone (`RealtimeIngest.apply_together`); a
request that shares something with an earlier waiting one goes in a later group, after
it, so requests about one lead are applied in the order they came.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from leadscore.api.metrics import Metrics
from leadscore.realtime import IngestRequest, Outcome, RealtimeIngest

#: At most this many records (events and leads) in one group; a larger request goes alone.
MAX_GROUP_RECORDS = 1000

_Waiting = tuple[IngestRequest, int, "asyncio.Future[Outcome]"]


class IngestQueue:
    """One per app. `threaded`: apply groups in a worker thread (a database server, where
    the event loop should serve other requests during round trips); else inline on the
    event loop (SQLite, whose writers queue on one lock anyway)."""

    def __init__(self, realtime: RealtimeIngest, threaded: bool, metrics: Metrics) -> None:
        self.realtime = realtime
        self.threaded = threaded
        self.metrics = metrics
        self._waiting: deque[_Waiting] = deque()
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, request: IngestRequest, records: int) -> Outcome:
        """Apply `request` (of `records` records) in the next group; its outcome, or its error
        raised here."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._waiting.append((request, records, future))
        worker = self._worker
        if worker is None or worker.done() or worker.get_loop() is not loop:
            self._worker = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            await asyncio.sleep(0)  # requests read in this turn of the loop join the group
            group = self._next_group()
            requests = [request for request, _, _ in group]
            try:
                outcomes = await self._run(self.realtime.apply_together, requests)
            except Exception as exc:  # the work never ran: every request gets the error
                outcomes = [exc] * len(group)
            self.metrics.count("leadscore_ingest_groups_total")
            self.metrics.count("leadscore_ingest_grouped_requests_total", len(group))
            for (_, _, future), outcome in zip(group, outcomes, strict=True):
                if future.done():  # its client went away; the work stands, like a retry's
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _next_group(self) -> list[_Waiting]:
        """The first waiting request, and each later one that shares nothing with it, with
        the group, or with any request passed over (which must keep its place before it)."""
        group: list[_Waiting] = []
        taken: set[tuple[str, ...]] = set()
        passed: set[tuple[str, ...]] = set()
        records = 0
        kept: deque[_Waiting] = deque()
        while self._waiting:
            item = self._waiting.popleft()
            if item[2].done():  # its client went away before the work began: drop it
                continue
            footprint = item[0].footprint()
            fits = not group or records + item[1] <= MAX_GROUP_RECORDS
            if fits and taken.isdisjoint(footprint) and passed.isdisjoint(footprint):
                group.append(item)
                taken |= footprint
                records += item[1]
            else:
                kept.append(item)
                passed |= footprint
        self._waiting = kept
        return group

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        if self.threaded:
            return await run_in_threadpool(work, *args)
        return work(*args)
