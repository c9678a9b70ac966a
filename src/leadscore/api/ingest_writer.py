"""The ingest writer: a child process that applies ingest requests, so a server uses a
second core.

A single-event request costs about as much in HTTP handling (parsing, routing, the reply)
as in its share of the transaction (locking, storing, rescoring, committing), and Python
runs one of them at a time per process. With the writer, the server's process answers
HTTP while the child (`python -m leadscore.api.ingest_child`) runs the group-commit
queue.

`IngestWriter` has the queue's `submit`. It sends a request at once when the child holds
none of the server's requests (the child is idle: waiting would only delay it), else the
requests made in one turn of the event loop in one message (api/ingest_wire.py). If the
child dies, the requests it held fail with an error (their outcome is unknown: a retry
with the same Idempotency-Key replays or applies them) and the next request starts a new
child, at most one a second.

Started and stopped with the server (the lifespan hook `writer_running`) when
`Settings.ingest_process` is set: `leadscore serve` sets it unless `--inline-ingest`.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import logging
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.ingest_wire import frame, read_frame, restored
from leadscore.api.metrics import Metrics
from leadscore.realtime import IngestRequest, Outcome

log = logging.getLogger("leadscore.api.ingest_writer")

#: A child that died this soon after it started is not replaced sooner than this.
RESTART_SECONDS = 1.0


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
        self.process: subprocess.Popen[bytes] | None = None
        self._stream: asyncio.StreamWriter | None = None
        self._reading: asyncio.Task[None] | None = None
        self._starting: asyncio.Task[None] | None = None
        self._started_at = -RESTART_SECONDS
        self._stopping: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, asyncio.Future[Outcome]] = {}
        self._outgoing: list[tuple[int, IngestRequest, int]] = []
        self._tickets = itertools.count()

    @property
    def running(self) -> bool:
        return self._stream is not None

    async def start(self) -> None:
        """Start the child (it opens the database itself; nothing waits for it here)."""
        if time.monotonic() - self._started_at < RESTART_SECONDS:
            raise WriterLost("the ingest writer process stopped just after it started")
        self._started_at = time.monotonic()
        ours, theirs = socket.socketpair()
        # a plain `python -m`, not multiprocessing: nothing of the server's __main__ reruns
        process = subprocess.Popen(
            [sys.executable, "-m", "leadscore.api.ingest_child", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        atexit.register(_abandon, process)
        theirs.close()  # so the child's end closing reads as the end of the stream here
        ours.sendall(frame((self.database, self.threaded, self.log_level)))
        reader, self._stream = await asyncio.open_connection(sock=ours)
        self.process = process
        self._reading = asyncio.get_running_loop().create_task(self._read(reader, self._stream))

    async def submit(self, request: IngestRequest, records: int) -> Outcome:
        """What `IngestQueue.submit` returns, applied by the child; results carry their
        counts but no cards (those are in the replies)."""
        if self._stream is None:  # the child died: requests arriving now share one restart
            if self._starting is None or self._starting.done():
                self._starting = asyncio.get_running_loop().create_task(self.start())
            await asyncio.shield(self._starting)
        ticket = next(self._tickets)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._pending[ticket] = future
        self._outgoing.append((ticket, request, records))
        if len(self._pending) == len(self._outgoing):  # the child holds none: send at once
            self._flush()
        elif len(self._outgoing) == 1:  # else the requests of this turn of the loop go together
            asyncio.get_running_loop().call_soon(self._flush)
        return await future

    async def stop(self, timeout: float = 10.0) -> None:
        """Send what is still waiting, let the child answer everything it holds, then end
        it."""
        self._flush()
        stream, process, reading = self._stream, self.process, self._reading
        self._stopping = process  # ends by itself: the stream's end must not kill it
        if stream is not None and not stream.is_closing():
            stream.write(frame(None))
        if process is not None:
            try:
                await asyncio.to_thread(process.wait, timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait, timeout)
        if reading is not None:  # the last outcomes, then the end of the stream
            await asyncio.wait([reading], timeout=timeout)
        self._lost(stream)

    def _flush(self) -> None:
        if not self._outgoing:  # sent at once already
            return
        sending, self._outgoing = self._outgoing, []
        stream = self._stream
        try:
            if stream is None or stream.is_closing():
                raise WriterLost("the ingest writer process stopped; nothing was sent")
            stream.write(frame(sending))
        except Exception as exc:  # a request that cannot be pickled, or no child
            for ticket, _, _ in sending:
                future = self._pending.pop(ticket, None)
                if future is not None and not future.done():
                    future.set_exception(exc)

    async def _read(self, reader: asyncio.StreamReader, stream: asyncio.StreamWriter) -> None:
        try:
            while True:
                outcomes, counters = await read_frame(reader)
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
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the child has gone
        except Exception:
            log.exception("reading from the ingest writer process failed")
        finally:
            self._lost(stream)

    def _lost(self, stream: asyncio.StreamWriter | None) -> None:
        """Forget the child behind `stream` (if it is still the current one) and fail the
        requests it held. The next request starts a new child."""
        if stream is None or stream is not self._stream:
            return
        self._stream = None
        stream.close()
        process, self.process = self.process, None
        if process is not None and process.poll() is None and process is not self._stopping:
            process.kill()  # its stream broke but it runs: it must not go on alone
            process.wait(1)
        pending, self._pending = self._pending, {}
        self._outgoing = []
        for future in pending.values():
            if not future.done():
                future.set_exception(
                    WriterLost(
                        "the ingest writer process stopped; this request's outcome is unknown"
                    )
                )


def _abandon(process: subprocess.Popen[bytes]) -> None:
    """At exit without `stop` (the server crashed): end the child, which ignores SIGTERM."""
    if process.poll() is None:
        process.kill()


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
    await writer.start()
    app.state.ingest = writer
    try:
        yield
    finally:
        app.state.ingest = inline
        with suppress(Exception):
            await writer.stop()
