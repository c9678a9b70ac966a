"""The audit log: append and read, nothing else (the database refuses UPDATE/DELETE)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from leadscore.domain.audit import AuditEntry
from leadscore.stores.privacy_tables import audit_log
from leadscore.stores.queries import CHUNK


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def append(
        self,
        at: datetime,
        actor: str,
        action: str,
        subject: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.append_many([entry_row(at, actor, action, subject, before, after)])

    def append_many(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.connection.execute(audit_log.insert(), list(rows[start : start + CHUNK]))

    def entries(
        self,
        subject: str | None = None,
        action: str | None = None,
        after_id: int = 0,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """Oldest first, from after `after_id` (a cursor: the last id a page ended with)."""
        query = select(audit_log).where(audit_log.c.id > after_id).order_by(audit_log.c.id)
        if subject is not None:
            query = query.where(audit_log.c.subject == subject)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        return [
            AuditEntry(row.id, row.at, row.actor, row.action, row.subject, row.before, row.after)
            for row in self.connection.execute(query.limit(limit))
        ]


def entry_row(
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "before": before,
        "after": after,
    }
