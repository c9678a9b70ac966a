"""What crosses between the server and its ingest writer (api/ingest_writer.py).

Messages are pickles, each framed by its length, on a socket pair that both sides use
through asyncio streams: writes never block either event loop, so neither side can wait
on the other while the other waits on it, whatever the size of a batch.

An outcome's error travels as its class, arguments and attributes and is rebuilt without
calling its constructor: exceptions whose constructor takes other arguments than their
message (IdempotencyConflict) would not unpickle as they were. What cannot be rebuilt
arrives as a RuntimeError (a 500) with the same message; a request never goes unanswered.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import struct
from dataclasses import replace
from typing import Any

from leadscore.errors import LeadscoreError
from leadscore.realtime import Outcome

log = logging.getLogger("leadscore.api.ingest_wire")

HEADER = struct.Struct("!Q")
#: One outcome on the wire: ("ok", outcome) or ("error", class, args, attributes).
Portable = tuple[Any, ...]


def frame(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


async def read_frame(reader: asyncio.StreamReader) -> Any:
    """The next message; asyncio.IncompleteReadError when the other side has gone."""
    (size,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    return pickle.loads(await reader.readexactly(size))


def portable(outcome: Outcome | Exception) -> Portable:
    """An outcome ready to pickle. Results lose their cards: the reply holds them, and
    copying them across would cost more than the rest of the outcome."""
    if not isinstance(outcome, Exception):
        result, reply = outcome
        if result is not None:
            result = replace(result, cards={}, unchanged={})
        return ("ok", (result, reply))
    if not isinstance(outcome, LeadscoreError):
        log.error("ingest request failed", exc_info=outcome)
    state = {name: value for name, value in vars(outcome).items() if _picklable(value)}
    kind: type[Exception] = type(outcome) if _picklable(type(outcome)) else RuntimeError
    args = outcome.args if _picklable(outcome.args) else (str(outcome),)
    return ("error", kind, args, state)


def restored(item: Portable) -> Outcome | Exception:
    """The outcome `portable` made; never raises."""
    if item[0] == "ok":
        outcome: Outcome = item[1]
        return outcome
    _, kind, args, state = item
    try:
        error: Exception = kind.__new__(kind)
        error.args = args
        error.__dict__.update(state)
    except Exception:  # e.g. a class whose __new__ wants arguments
        return RuntimeError(f"{getattr(kind, '__name__', kind)}: {args}")
    return error


def _picklable(value: Any) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True
