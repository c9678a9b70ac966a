"""Group commit for the ingest routes: requests that arrive while a transaction is being
applied wait for it, and the next transaction applies them together.

Under load most of a small request's cost is per transaction (BEGIN, the lock, each
statement's round trip, the commit), not per event, so sharing one transaction among the
requests waiting at that moment raises throughput (single-event ingest in
benchmarks/api.py: about 40% on SQLite, 75% on PostgreSQL). A request alone is applied at
once, as before: grouping only ever takes requests that would otherwise have waited.

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

Footprint = set[tuple[str, ...]]
#: A request waiting: its records, its future, and its footprint (worked out once).
_Waiting = tuple[IngestRequest, int, "asyncio.Future[Outcome]", Footprint]

#: Groups applied at once on a database server: while one waits on round trips, another
#: works. Their footprints are disjoint, so they never wait on each other's rows.
SERVER_GROUPS = 4


class IngestQueue:
    """One per app. `threaded`: apply groups in worker threads, up to SERVER_GROUPS at a
    time (a database server, where the event loop serves other requests during round
    trips); else one group at a time, inline on the event loop (SQLite, whose writers
    queue on one lock anyway)."""

    def __init__(self, realtime: RealtimeIngest, threaded: bool, metrics: Metrics) -> None:
        self.realtime = realtime
        self.threaded = threaded
        self.metrics = metrics
        self.parallel = SERVER_GROUPS if threaded else 1
        self._waiting: deque[_Waiting] = deque()
        self._applying: list[Footprint] = []  # of the groups being applied
        self._forming: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, request: IngestRequest, records: int) -> Outcome:
        """Apply `request` (of `records` records) in a group; its outcome, or its error
        raised here."""
        return await self.enqueue(request, records)

    def enqueue(self, request: IngestRequest, records: int) -> asyncio.Future[Outcome]:
        """`submit` without a coroutine: the future of the request's outcome (the ingest
        writer's child takes many requests at a time and needs no task for each)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._waiting.append((request, records, future, request.footprint()))
        self._form_soon(loop)
        return future

    def _form_soon(self, loop: asyncio.AbstractEventLoop) -> None:
        forming = self._forming
        if forming is None or forming.done() or forming.get_loop() is not loop:
            self._forming = loop.create_task(self._form())

    async def _form(self) -> None:
        await asyncio.sleep(0)  # requests read in this turn of the loop join the group
        while self._waiting and len(self._applying) < self.parallel:
            group, footprint = self._next_group()
            if not group:
                return
            self._applying.append(footprint)
            task = asyncio.get_running_loop().create_task(self._apply(group, footprint))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _apply(self, group: list[_Waiting], footprint: Footprint) -> None:
        requests = [item[0] for item in group]
        try:
            outcomes = await self._run(self.realtime.apply_together, requests)
        except Exception as exc:  # the work never ran: every request gets the error
            outcomes = [exc] * len(group)
        finally:
            self._applying = [taken for taken in self._applying if taken is not footprint]
        self.metrics.count("leadscore_ingest_groups_total")
        self.metrics.count("leadscore_ingest_grouped_requests_total", len(group))
        for (_, _, future, _), outcome in zip(group, outcomes, strict=True):
            if future.done():  # its client went away; the work stands, like a retry's
                continue
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        if self._waiting:
            self._form_soon(asyncio.get_running_loop())

    def _next_group(self) -> tuple[list[_Waiting], Footprint]:
        """The first waiting request that shares nothing with a group being applied, and
        each later one that shares nothing with those, with the group, or with any request
        passed over (which must keep its place before it)."""
        group: list[_Waiting] = []
        taken: Footprint = set()
        passed: Footprint = set().union(*self._applying)
        records = 0
        kept: deque[_Waiting] = deque()
        while self._waiting:
            if records >= MAX_GROUP_RECORDS:  # full: the rest keep their places
                kept.extend(self._waiting)
                break
            item = self._waiting.popleft()
            _, size, future, footprint = item
            if future.done():  # its client went away before the work began: drop it
                continue
            fits = not group or records + size <= MAX_GROUP_RECORDS
            if fits and taken.isdisjoint(footprint) and passed.isdisjoint(footprint):
                group.append(item)
                taken |= footprint
                records += size
            else:
                kept.append(item)
                passed |= footprint
        self._waiting = kept
        return group, taken

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        if self.threaded:
            return await run_in_threadpool(work, *args)
        return work(*args)
