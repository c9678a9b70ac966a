"""Privacy: objections to processing, suppressions of erased leads, and the erasure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from leadscore.stores.privacy_tables import lead_objections, suppressions
from leadscore.stores.queries import existing
from leadscore.stores.tables import decisions, events, leads, score_history, scores, stage_history
from leadscore.stores.upsert import upsert


class PrivacyRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- objections ---------------------------------------------------------------------
    def object(self, lead_id: str, reason: str, actor: str, at: datetime) -> None:
        row = {"lead_id": lead_id, "reason": reason, "actor": actor, "at": at}
        upsert(self.connection, lead_objections, [row], "lead_id")

    def withdraw_objection(self, lead_id: str) -> bool:
        query = delete(lead_objections).where(lead_objections.c.lead_id == lead_id)
        return bool(self.connection.execute(query).rowcount)

    def objection(self, lead_id: str) -> dict[str, Any] | None:
        query = select(lead_objections).where(lead_objections.c.lead_id == lead_id)
        row = self.connection.execute(query).first()
        return dict(row._mapping) if row else None

    def objected(self, lead_ids: Iterable[str]) -> set[str]:
        """Which of these leads objected to processing."""
        return existing(self.connection, lead_objections.c.lead_id, lead_ids)

    # --- suppressions -------------------------------------------------------------------
    def suppress(self, digests: dict[str, str], at: datetime) -> None:
        """`digests` maps each digest to its kind (email, lead_id)."""
        rows = [{"digest": d, "kind": kind, "created_at": at} for d, kind in digests.items()]
        known = self.suppressed(digests)
        fresh = [row for row in rows if row["digest"] not in known]
        if fresh:
            self.connection.execute(suppressions.insert(), fresh)

    def suppressed(self, digests: Iterable[str]) -> set[str]:
        """Which of `digests` are suppressed; one tiny query while nobody was ever erased."""
        if self.connection.execute(select(suppressions.c.digest).limit(1)).first() is None:
            return set()
        return existing(self.connection, suppressions.c.digest, digests)

    # --- erasure ------------------------------------------------------------------------
    def erase(self, lead_id: str) -> None:
        """Delete the lead with its events, scores, histories, decisions and objection."""
        for table in (events, scores, score_history, stage_history, decisions, lead_objections):
            self.connection.execute(delete(table).where(table.c.lead_id == lead_id))
        self.connection.execute(delete(leads).where(leads.c.lead_id == lead_id))
