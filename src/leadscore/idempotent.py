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

from leadscore.access.idempotency import IdempotencyConflict, IdempotencyRequest, Reply
from leadscore.domain.timeutil import now_utc
from leadscore.stores.sql_store import SqlStore, Transaction


def once(
    tx: Transaction, request: IdempotencyRequest | None, work: Callable[[], Reply]
) -> tuple[Reply, bool]:
    """(reply, replayed): the stored reply for a known key, else `work()`'s, kept in `tx`."""
    if request is None:
        return work(), False
    replay = claimed(tx, request)
    if replay is not None:
        return replay, True
    reply = work()
    tx.idempotency.save(request, reply)
    return reply, False


def claimed(tx: Transaction, request: IdempotencyRequest) -> Reply | None:
    """Claim the key in `tx`: None when this request now owns it, else the stored reply
    (IdempotencyConflict when the key was used for another request). The caller keeps
    its reply with `tx.idempotency.save` before the transaction ends."""
    found = tx.idempotency.claim(request, now_utc())
    return None if found is None else _replayed(request, found)


def remembered(
    store: SqlStore, request: IdempotencyRequest | None, work: Callable[[], Reply]
) -> tuple[Reply, bool]:
    """(reply, replayed): the stored reply for a known key, else `work()`'s, then kept."""
    if request is None:
        return work(), False
    with store.transaction(write=False) as tx:
        found = tx.idempotency.find(request)
    if found is not None:
        return _replayed(request, found), True
    reply = work()
    with store.transaction() as tx:
        tx.idempotency.remember(request, reply, now_utc())
    return reply, False


def _replayed(request: IdempotencyRequest, found: tuple[str, Reply]) -> Reply:
    fingerprint, reply = found
    if fingerprint != request.fingerprint:
        raise IdempotencyConflict(request.key)
    return reply
