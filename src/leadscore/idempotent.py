"""Idempotency-Key for work that runs in transactions of its own (sales decisions).

The stored reply is looked up first and the new one kept after the work; unlike ingest
(realtime.py), where the key is claimed inside the work's own transaction, two identical
requests arriving at the very same moment may both be applied.
"""

from __future__ import annotations

from collections.abc import Callable

from leadscore.access.idempotency import IdempotencyConflict, IdempotencyRequest, Reply
from leadscore.domain.timeutil import now_utc
from leadscore.stores.sql_store import SqlStore


def remembered(
    store: SqlStore, request: IdempotencyRequest | None, work: Callable[[], Reply]
) -> tuple[Reply, bool]:
    """(reply, replayed): the stored reply for a known key, else `work()`'s, then kept."""
    if request is None:
        return work(), False
    with store.transaction(write=False) as tx:
        found = tx.idempotency.find(request)
    if found is not None:
        if found[0] != request.fingerprint:
            raise IdempotencyConflict(request.key)
        return found[1], True
    reply = work()
    with store.transaction() as tx:
        tx.idempotency.remember(request, reply, now_utc())
    return reply, False
