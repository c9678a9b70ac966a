"""Idempotency-Key for work done outside the ingest path (sales decisions, privacy
objections, webhook subscriptions).

`once` claims the key inside the work's own transaction, as ingest does (realtime.py):
the claim row is written first, so an identical request arriving at the same moment waits
on it (PostgreSQL: the row; SQLite: the write lock) and then replays the finished reply,
and a failed request rolls its claim back with its work, leaving the key free.
"""

from __future__ import annotations

from collections.abc import Callable

from leadscore.access.idempotency import IdempotencyRequest, Reply, replay_of
from leadscore.domain.timeutil import now_utc
from leadscore.stores.sql_store import Transaction


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
