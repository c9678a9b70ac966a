"""The ingest writer: a child process that applies the ingest queue's groups, so a server
uses a second core.

A single-event request costs about as much in HTTP handling (parsing, routing, the reply)
as in its share of the transaction (locking, storing, rescoring, committing), and Python
runs one of them at a time per process. With the writer, the server's process answers
HTTP while the child applies the groups the queue formed (`RealtimeIngest
.apply_together`, exactly as inline), each on its own core.

The two talk over a pipe: the queue sends a group's requests (their records, how to render
the reply, their Idempotency-Key) and gets each request's outcome or error back. A reader
thread in the child takes groups off the pipe as they come, so the server never waits to
send. If the child dies, the groups it held fail with an error (their outcome is unknown:
a retry with the same Idempotency-Key replays or applies them) and the next group starts a
new child. Started and stopped with the server (a lifespan hook) when
`Settings.ingest_process` is set: `leadscore serve` sets it unless `--inline-ingest`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import queue
import threading
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from fastapi import FastAPI

from leadscore.errors import LeadscoreError
from leadscore.realtime import IngestRequest, Outcome

log = logging.getLogger("leadscore.api.ingest_writer")

#: What crosses the pipe for one request: ("ok", outcome) or ("error", class, args, state).
_Portable = tuple[Any, ...]


class WriterLost(RuntimeError):
    """The writer process stopped while it held the request: its outcome is unknown."""


class IngestWriter:
    """The server's side: sends groups to the child and resolves their futures as the
    outcomes come back. `parallel`: groups the child applies at once (threads)."""

    def __init__(self, database: str, parallel: int, log_level: int = logging.WARNING) -> None:
        self.database = database
        self.parallel = parallel
        self.log_level = log_level
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: dict[int, asyncio.Future[list[Outcome | Exception]]] = {}
        self._tickets = itertools.count()

    def start(self) -> None:
        """Start the child (it opens the database itself; nothing waits for it here)."""
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve_groups,
            args=(theirs, self.database, self.parallel, self.log_level),
            name="leadscore-ingest-writer",
            daemon=True,
        )
        process.start()
        theirs.close()  # so the child's end closing reads as EOF here
        self._process, self._conn = process, ours
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(ours.fileno(), self._on_readable)

    def send(self, requests: Sequence[IngestRequest]) -> asyncio.Future[list[Outcome | Exception]]:
        """Send a group to the child now; the future gets what
        `RealtimeIngest.apply_together(requests)` returns there. Results carry their
        counts but no cards (those are in the replies)."""
        if self._conn is None:
            self.start()
        assert self._loop is not None and self._conn is not None
        ticket = next(self._tickets)
        future: asyncio.Future[list[Outcome | Exception]] = self._loop.create_future()
        try:
            self._conn.send((ticket, list(requests)))
        except (OSError, ValueError):
            self._lost()
            future.set_exception(
                WriterLost("the ingest writer process stopped; nothing was applied")
            )
            return future
        self._pending[ticket] = future
        return future

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the child finish the groups it holds (their outcomes still arrive), then
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

    def _on_readable(self) -> None:
        try:
            self._drain()
        except (EOFError, OSError):
            self._lost()

    def _drain(self) -> None:
        conn = self._conn
        while conn is not None and not conn.closed and conn.poll():
            ticket, portables = conn.recv()
            future = self._pending.pop(ticket, None)
            if future is not None and not future.done():
                future.set_result([restored(item) for item in portables])

    def _lost(self) -> None:
        """Forget the child; fail the groups it held. The next group starts a new one."""
        conn, self._conn = self._conn, None
        if conn is not None:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(conn.fileno())
            conn.close()
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(
                    WriterLost("the ingest writer process stopped while applying this request")
                )
        if self._process is not None and not self._process.is_alive():
            self._process = None


def serve_groups(conn: Connection, database: str, parallel: int, log_level: int) -> None:
    """The child: apply each group received, send back its outcomes, until told to stop
    (None) or the server's end closes."""
    from leadscore.service import LeadService  # the child's own store and model cache

    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    realtime = LeadService.open(database).realtime
    inbox: queue.SimpleQueue[tuple[int, list[IngestRequest]] | None] = queue.SimpleQueue()
    threading.Thread(target=_read, args=(conn, inbox), daemon=True).start()
    sending = threading.Lock()

    def work(ticket: int, requests: list[IngestRequest]) -> None:
        try:
            portables = [portable(item) for item in realtime.apply_together(requests)]
        except Exception as exc:  # apply_together returns errors; this is a bug: say so
            log.exception("ingest group failed")
            portables = [portable(exc)] * len(requests)
        with sending:
            conn.send((ticket, portables))

    with ThreadPoolExecutor(parallel, thread_name_prefix="ingest") as pool:
        while (message := inbox.get()) is not None:
            if parallel == 1:  # SQLite: one group at a time, on one thread (its kept connection)
                work(*message)
            else:
                pool.submit(work, *message)
    realtime.store.close()


def _read(conn: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return


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
    import pickle

    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


@asynccontextmanager
async def writer_running(app: FastAPI) -> AsyncIterator[None]:
    """A lifespan hook: the ingest queue applies its groups in a writer process while the
    server runs (when `settings.ingest_process` is set)."""
    if not app.state.settings.ingest_process:
        yield
        return
    ingest = app.state.ingest
    writer = IngestWriter(
        app.state.service.store.url,
        parallel=ingest.writer_threads,
        log_level=logging.getLogger("leadscore").getEffectiveLevel(),
    )
    writer.start()
    ingest.use_writer(writer)
    try:
        yield
    finally:
        ingest.use_writer(None)
        await writer.stop()
