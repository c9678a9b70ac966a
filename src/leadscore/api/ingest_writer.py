"""The ingest writer: a child process that applies ingest requests, so a server uses a
second core.

A single-event request costs about as much in HTTP handling (parsing, routing, the reply)
as in its share of the transaction (locking, storing, rescoring, committing), and Python
runs one of them at a time per process. With the writer, the server's process answers
HTTP while the child applies the requests.

The server's side (`IngestWriter`) has the ingest queue's `submit`: it sends a request at
once when the child holds none of its requests (the child is idle: waiting would only
delay it), else the requests made in one turn of its event loop in one message. The child
runs the ingest queue itself (api/ingest_queue.py: group commit, unchanged), so each
transaction takes every request waiting when it begins, and sends back each request's
outcome or error as its transaction ends, with the queue's counters. If the child dies,
the requests it held fail with an error (their outcome is unknown: a retry with the same
Idempotency-Key replays or applies them) and the next request starts a new child.

Started and stopped with the server (a lifespan hook) when `Settings.ingest_process` is
set: `leadscore serve` sets it unless `--inline-ingest`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import pickle
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

from fastapi import FastAPI

from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.metrics import Metrics
from leadscore.errors import LeadscoreError
from leadscore.realtime import IngestRequest, Outcome

log = logging.getLogger("leadscore.api.ingest_writer")

#: What crosses the pipe for one outcome: ("ok", outcome) or ("error", class, args, state).
_Portable = tuple[Any, ...]


class WriterLost(RuntimeError):
    """The writer process stopped while it held the request: its outcome is unknown."""


class IngestWriter:
    """The server's side: forwards requests to the child and resolves their futures as the
    outcomes come back. `threaded`: the child applies groups in threads (a database
    server), as the ingest queue does."""

    def __init__(
        self, database: str, threaded: bool, metrics: Metrics, log_level: int = logging.WARNING
    ) -> None:
        self.database = database
        self.threaded = threaded
        self.metrics = metrics
        self.log_level = log_level
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: dict[int, asyncio.Future[Outcome]] = {}
        self._outgoing: list[tuple[int, IngestRequest, int]] = []
        self._tickets = itertools.count()

    def start(self) -> None:
        """Start the child (it opens the database itself; nothing waits for it here)."""
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve_requests,
            args=(theirs, self.database, self.threaded, self.log_level),
            name="leadscore-ingest-writer",
            daemon=True,
        )
        process.start()
        theirs.close()  # so the child's end closing reads as EOF here
        self._process, self._conn = process, ours
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(ours.fileno(), self._on_readable)

    async def submit(self, request: IngestRequest, records: int) -> Outcome:
        """What `IngestQueue.submit` returns, applied by the child; results carry their
        counts but no cards (those are in the replies)."""
        if self._conn is None:
            self.start()
        assert self._loop is not None
        ticket = next(self._tickets)
        future: asyncio.Future[Outcome] = self._loop.create_future()
        self._pending[ticket] = future
        self._outgoing.append((ticket, request, records))
        if len(self._pending) == len(self._outgoing):  # the child holds none: send at once
            self._flush()
        elif len(self._outgoing) == 1:  # else the requests of this turn of the loop go together
            self._loop.call_soon(self._flush)
        return await future

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the child finish the requests it holds (their outcomes still arrive), then
        end it."""
        process, conn = self._process, self._conn
        if conn is not None:
            with suppress(OSError, ValueError):
                conn.send(None)
        if process is not None:
            await asyncio.to_thread(process.join, timeout)
            if process.is_alive():
                process.terminate()
                await asyncio.to_thread(process.join, timeout)
        with suppress(EOFError, OSError):
            self._drain()
        self._lost()

    def _flush(self) -> None:
        if not self._outgoing:  # sent at once already
            return
        sending, self._outgoing = self._outgoing, []
        conn = self._conn
        try:
            if conn is None:
                raise OSError("no writer")
            conn.send(sending)
        except (OSError, ValueError):
            self._lost()

    def _on_readable(self) -> None:
        try:
            self._drain()
        except (EOFError, OSError):
            self._lost()

    def _drain(self) -> None:
        conn = self._conn
        while conn is not None and not conn.closed and conn.poll():
            outcomes, counters = conn.recv()
            for name, amount in counters.items():
                self.metrics.count(name, amount)
            for ticket, item in outcomes:
                future = self._pending.pop(ticket, None)
                if future is None or future.done():
                    continue
                outcome = restored(item)
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _lost(self) -> None:
        """Forget the child; fail the requests it held. The next request starts a new one."""
        conn, self._conn = self._conn, None
        if conn is not None:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(conn.fileno())
            conn.close()
        pending, self._pending = self._pending, {}
        self._outgoing = []
        for future in pending.values():
            if not future.done():
                future.set_exception(
                    WriterLost(
                        "the ingest writer process stopped; this request's outcome is unknown"
                    )
                )
        if self._process is not None and not self._process.is_alive():
            self._process = None


class _Forwarded(Metrics):
    """The child's counters, sent to the server with each batch of outcomes."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, float] = defaultdict(float)

    def count(self, name: str, amount: float = 1) -> None:
        self.pending[name] += amount

    def taken(self) -> dict[str, float]:
        taken, self.pending = dict(self.pending), defaultdict(float)
        return taken


def serve_requests(conn: Connection, database: str, threaded: bool, log_level: int) -> None:
    """The child: an ingest queue fed from the pipe, until told to stop (None) or the
    server's end closes."""
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(_serve(conn, database, threaded))


async def _serve(conn: Connection, database: str, threaded: bool) -> None:
    from leadscore.service import LeadService  # the child's own store and model cache

    service = LeadService.open(database)
    service.store.checkpoint_in_background()  # SQLite: no checkpoint syncs in the commits
    counters = _Forwarded()
    queue = IngestQueue(service.realtime, threaded=threaded, metrics=counters)
    loop = asyncio.get_running_loop()
    ended: asyncio.Future[None] = loop.create_future()
    outgoing: list[tuple[int, _Portable]] = []
    working: set[asyncio.Future[Outcome]] = set()

    def flush() -> None:
        sending = list(outgoing)
        outgoing.clear()
        with suppress(OSError, ValueError):  # the server went away: nothing to tell
            conn.send((sending, counters.taken()))

    def settled(ticket: int, future: asyncio.Future[Outcome]) -> None:
        outcome: Outcome | Exception
        if future.cancelled():  # nothing cancels them here; said, should it ever happen
            outcome = RuntimeError("the ingest writer dropped this request")
        else:
            error = future.exception()
            outcome = future.result() if error is None else error
        outgoing.append((ticket, portable(outcome)))
        if len(outgoing) == 1:  # the outcomes of this turn of the loop go together
            loop.call_soon(flush)

    def on_readable() -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        if message is None:
            loop.remove_reader(conn.fileno())
            if not ended.done():
                ended.set_result(None)
            return
        for ticket, request, records in message:
            future = queue.enqueue(request, records)
            working.add(future)
            future.add_done_callback(working.discard)
            future.add_done_callback(partial(settled, ticket))

    loop.add_reader(conn.fileno(), on_readable)
    await ended
    if working:
        await asyncio.wait(working)
    await asyncio.sleep(0)
    flush()
    service.store.close()


def portable(outcome: Outcome | Exception) -> _Portable:
    """An outcome as it crosses the pipe. An error keeps its class, message and attributes
    without being pickled whole: exceptions whose constructor takes other arguments than
    their message (IdempotencyConflict) would not unpickle as they were."""
    if not isinstance(outcome, Exception):
        result, reply = outcome
        if result is not None:  # the cards are in the reply already; copying them costs
            result = replace(result, cards={}, unchanged={})
        return ("ok", (result, reply))
    if not isinstance(outcome, LeadscoreError):
        log.error("ingest request failed", exc_info=outcome)
    state = {name: value for name, value in vars(outcome).items() if _picklable(value)}
    kind: type[Exception] = type(outcome) if _picklable(type(outcome)) else RuntimeError
    return ("error", kind, outcome.args if _picklable(outcome.args) else (str(outcome),), state)


def restored(item: _Portable) -> Outcome | Exception:
    if item[0] == "ok":
        outcome: Outcome = item[1]
        return outcome
    _, kind, args, state = item
    error: Exception = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


def _picklable(value: Any) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


@asynccontextmanager
async def writer_running(app: FastAPI) -> AsyncIterator[None]:
    """A lifespan hook: while the server runs, ingest goes to a writer process (when
    `settings.ingest_process` is set) instead of the app's own ingest queue."""
    if not app.state.settings.ingest_process:
        yield
        return
    inline: IngestQueue = app.state.ingest
    writer = IngestWriter(
        app.state.service.store.url,
        threaded=inline.threaded,
        metrics=app.state.metrics,
        log_level=logging.getLogger("leadscore").getEffectiveLevel(),
    )
    writer.start()
    app.state.ingest = writer
    try:
        yield
    finally:
        app.state.ingest = inline
        await writer.stop()
