"""The ingest writer's child process: the group-commit queue (api/ingest_queue.py), fed
from the server over a socket (api/ingest_wire.py).

It answers each request as its transaction ends, with the outcomes of one turn of its
loop in one message and the queue's counters beside them, and stops when the server says
so (None) or goes away. It ignores SIGINT and SIGTERM, which a terminal or a service
manager sends to the server's whole process group: the server stops it once the requests
it holds are answered.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import signal
import socket
import sys
from collections import defaultdict
from functools import partial
from typing import Any

from leadscore.api.ingest_queue import IngestQueue
from leadscore.api.ingest_wire import HEADER, Portable, frame, portable, read_frame
from leadscore.api.metrics import Metrics
from leadscore.realtime import Outcome


class _Forwarded(Metrics):
    """The child's counters, sent to the server with each message of outcomes."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, float] = defaultdict(float)

    def count(self, name: str, amount: float = 1) -> None:
        self.pending[name] += amount

    def taken(self) -> dict[str, float]:
        taken, self.pending = dict(self.pending), defaultdict(float)
        return taken


def serve_requests(fd: int) -> None:
    """The child's main: apply what the server sends on the socket `fd` until told to stop.
    The first message says where and how: (database, threaded, log level)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sock = socket.socket(fileno=fd)
    database, threaded, log_level = _first_message(sock)
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(_serve(sock, database, threaded))


def _first_message(sock: socket.socket) -> Any:
    with sock.makefile("rb", buffering=0) as stream:
        (size,) = HEADER.unpack(_exactly(stream, HEADER.size))
        return pickle.loads(_exactly(stream, size))


def _exactly(stream: Any, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise SystemExit("the server closed the ingest writer's socket before it began")
        data += chunk
    return data


async def _serve(sock: socket.socket, database: str, threaded: bool) -> None:
    from leadscore.service import LeadService  # the child's own store and model cache

    service = LeadService.open(database)
    service.store.checkpoint_in_background()  # SQLite: no checkpoint syncs in the commits
    counters = _Forwarded()
    queue = IngestQueue(service.realtime, threaded=threaded, metrics=counters)
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(sock=sock)
    outgoing: list[tuple[int, Portable]] = []
    held: set[asyncio.Future[Outcome]] = set()

    def flush() -> None:
        if outgoing and not writer.is_closing():
            writer.write(frame((list(outgoing), counters.taken())))
        outgoing.clear()

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

    while True:
        try:
            message = await read_frame(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            break
        if message is None:
            break
        for ticket, request, records in message:
            future = queue.enqueue(request, records)
            held.add(future)
            future.add_done_callback(held.discard)
            future.add_done_callback(partial(settled, ticket))
    if held:
        await asyncio.wait(held)
    flush()
    try:
        await writer.drain()
        writer.close()
    except ConnectionError:
        pass
    service.store.close()


if __name__ == "__main__":
    serve_requests(int(sys.argv[1]))
