"""Idempotency records: claimed before the work, filled with the reply in the same transaction.

Claiming inserts the row first, so a concurrent request with the same key waits on the
row (PostgreSQL) or the write lock (SQLite) and then sees the finished reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, LargeBinary, bindparam, delete, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from leadscore.access.idempotency import IdempotencyRequest, Reply
from leadscore.stores.tables import idempotency_keys

_T = idempotency_keys.c
#: "the body holds these bytes", per dialect (the body is a BLOB / bytea, which LIKE does not take)
_WITHIN = {"sqlite": "instr(body, :{name}) > 0", "postgresql": "position(:{name} in body) > 0"}


class IdempotencyRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def claim(self, request: IdempotencyRequest, now: datetime) -> tuple[str, Reply] | None:
        """None when this request now owns the key; else the stored (fingerprint, reply)."""
        dialect = postgresql if self.connection.dialect.name == "postgresql" else sqlite
        row = {
            "key_id": request.owner,
            "idempotency_key": request.key,
            "fingerprint": request.fingerprint,
            "status": 0,
            "body": b"",
            "content_type": "",
            "created_at": now,
        }
        statement = dialect.insert(idempotency_keys).values(row).on_conflict_do_nothing()
        if self.connection.execute(statement.returning(_T.key_id)).first() is not None:
            return None
        query = select(_T.fingerprint, _T.status, _T.body, _T.content_type).where(
            _T.key_id == request.owner, _T.idempotency_key == request.key
        )
        found = self.connection.execute(query).one()
        return found.fingerprint, Reply(found.status, bytes(found.body), found.content_type)

    def save(self, request: IdempotencyRequest, reply: Reply) -> None:
        query = (
            update(idempotency_keys)
            .where(_T.key_id == request.owner, _T.idempotency_key == request.key)
            .values(status=reply.status, body=reply.body, content_type=reply.content_type)
        )
        self.connection.execute(query)

    def forget_mentions(self, needles: Iterable[bytes]) -> int:
        """Forget the kept replies whose body holds any of `needles` (an erased lead's id
        as the JSON replies spell it), so no reply outlives an erasure with its data."""
        within = _WITHIN[self.connection.dialect.name]
        found = [
            text(within.format(name=f"n{index}")).bindparams(
                bindparam(f"n{index}", needle, type_=LargeBinary)
            )
            for index, needle in enumerate(needles)
        ]
        if not found:
            return 0
        return self.connection.execute(delete(idempotency_keys).where(or_(*found))).rowcount

    def purge(self, before: datetime) -> int:
        """Forget records older than `before` (keys are honoured for a limited time)."""
        return self.connection.execute(
            delete(idempotency_keys).where(_T.created_at < before)
        ).rowcount
