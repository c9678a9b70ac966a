"""Idempotency-Key for work done outside the ingest path.

`once` claims the key inside the work's own transaction, as ingest does (realtime.py):
the claim row is written first, so an identical request arriving at the same moment waits
on it and then replays the finished reply, and a failed request leaves no claim behind.
`remembered` is for work that runs in transactions of its own (privacy and webhook admin
requests): the stored reply is looked up first and the new one kept after the work, so
two identical requests at the very same moment may both be applied.
"""

from __future__ import annotations

from collections.abc import Callable

from leadscore.access.idempotency import IdempotencyRequest, Reply, replay_of
from leadscore.domain.timeutil import now_utc
from leadscore.stores.sql_store import SqlStore, Transaction


def once(
    tx: Transaction, request: IdempotencyRequest | None, work: Callable[[], Reply]
) -> tuple[Reply, bool]:
    """(reply, replayed): the stored reply for a known key, else `work()`'s, kept in `tx`."""
    if request is None:
        return work(), False
    replay = replay_of(request, tx.idempotency.claim(request, now_utc()))
    if replay is not None:
        return replay, True
    reply = work()
    tx.idempotency.save(request, reply)
    return reply, False


def remembered(
    store: SqlStore, request: IdempotencyRequest | None, work: Callable[[], Reply]
) -> tuple[Reply, bool]:
    """(reply, replayed): the stored reply for a known key, else `work()`'s, then kept."""
    if request is None:
        return work(), False
    with store.transaction(write=False) as tx:
        found = tx.idempotency.find(request)
    replay = replay_of(request, found)
    if replay is not None:
        return replay, True
    reply = work()
    with store.transaction() as tx:
        tx.idempotency.remember(request, reply, now_utc())
    return reply, False
