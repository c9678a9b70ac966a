"""The privacy desk the facade offers: what a data-protection officer asks of leadscore.

Each request is one transaction with its audit entry: an export of everything held on a
lead, an erasure that keeps only hashed suppressions (so the person is not re-imported),
and an objection that freezes the lead at once (no scoring, stage change or webhook).
"""

from __future__ import annotations

import json
from typing import Any

from leadscore.domain import suppression
from leadscore.domain.audit import AuditEntry
from leadscore.domain.timeutil import now_utc
from leadscore.errors import NotFoundError
from leadscore.privacy.export import exported
from leadscore.stores.sql_store import SqlStore, Transaction
from leadscore.webhooks.notifications import deleted, payload


class PrivacyDesk:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def export(self, lead_id: str) -> dict[str, Any]:
        """Everything held on the lead, as JSON-ready data."""
        with self.store.transaction() as tx:
            lead = _lead(tx, lead_id)
            return exported(
                lead=lead,
                events=tx.events.of_lead(lead_id),
                score=tx.scores.get(lead_id),
                score_history=tx.scores.history_of(lead_id),
                decisions=tx.decisions.of_lead(lead_id),
                objection=tx.privacy.objection(lead_id),
                deliveries=tx.outbox.of_lead(lead_id),
                audit=tx.audit.entries(subject=f"lead:{lead_id}", limit=100_000),
            )

    def erase(self, lead_id: str, actor: str) -> None:
        """Delete the lead, its events, scores, histories, decisions and webhook deliveries;
        keep a hash of its email and id so neither is imported again; tell subscribers
        `lead.deleted`. The audit log keeps that it happened (no personal data)."""
        now = now_utc()
        with self.store.transaction() as tx:
            lead = _lead(tx, lead_id, lock=True)  # an ingest for it waits, then finds it erased
            digests = {suppression.digest(suppression.LEAD_ID, lead_id): suppression.LEAD_ID}
            if lead.email:
                digests[suppression.digest(suppression.EMAIL, lead.email)] = suppression.EMAIL
            tx.outbox.forget_lead(lead_id)
            tx.idempotency.forget_mentions(_spellings(lead_id))
            tx.privacy.erase(lead_id)
            tx.privacy.suppress(digests, now)
            kept = sorted(set(digests.values()))
            tx.audit.append(
                now, actor, "lead.erased", f"lead:{lead_id}", None, {"suppressed": kept}
            )
            note = deleted(lead_id, now)
            tx.outbox.enqueue([(note.kind.value, lead_id, payload(note, now))], now)

    def object(self, lead_id: str, actor: str, reason: str = "") -> dict[str, Any]:
        """Stop processing the lead now: its card stays as it is, queued webhooks about it
        are cancelled, and nothing new is scored or sent until the objection is lifted."""
        with self.store.transaction() as tx:
            return self.object_in(tx, lead_id, actor, reason)

    @staticmethod
    def object_in(tx: Transaction, lead_id: str, actor: str, reason: str = "") -> dict[str, Any]:
        """`object` in the caller's transaction: the facade's, which holds the request's
        Idempotency-Key claim, so the objection and the claim commit (or vanish) together."""
        now = now_utc()
        _lead(tx, lead_id, lock=True)
        before = tx.privacy.objection(lead_id)
        tx.privacy.object(lead_id, reason, actor, now)
        tx.outbox.cancel_lead(lead_id)
        was = None if before is None else {"objected": True}
        after = {"objected": True}  # the reason (free text) stays in lead_objections
        tx.audit.append(now, actor, "lead.objected", f"lead:{lead_id}", was, after)
        found = tx.privacy.objection(lead_id)
        assert found is not None
        return found

    def withdraw_objection(self, lead_id: str, actor: str) -> None:
        """Lift the objection: the lead is scored again from its next event or decision
        (or the next `leadscore score`)."""
        with self.store.transaction() as tx:
            _lead(tx, lead_id, lock=True)
            if not tx.privacy.withdraw_objection(lead_id):
                raise NotFoundError(f"lead {lead_id!r} has no objection on record")
            tx.audit.append(
                now_utc(),
                actor,
                "lead.objection_withdrawn",
                f"lead:{lead_id}",
                {"objected": True},
                {"objected": False},
            )

    def objection(self, lead_id: str) -> dict[str, Any] | None:
        with self.store.transaction() as tx:
            _lead(tx, lead_id)
            return tx.privacy.objection(lead_id)

    def audit(
        self,
        subject: str | None = None,
        action: str | None = None,
        after_id: int = 0,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """Audit entries, oldest first, paged by the id of the last one seen."""
        with self.store.transaction() as tx:
            return tx.audit.entries(subject, action, after_id, limit)


def _spellings(lead_id: str) -> set[bytes]:
    """The lead's id as a JSON string, with and without escaped non-ASCII characters."""
    return {json.dumps(lead_id, ensure_ascii=ascii).encode("utf-8") for ascii in (True, False)}


def _lead(tx: Transaction, lead_id: str, lock: bool = False) -> Any:
    """The lead, or NotFoundError. `lock`: its row locked (PostgreSQL; SQLite writers hold
    the write lock), so an erasure or objection waits for an ingest rescoring the lead,
    and two objections at once audit one after the other."""
    lead = tx.leads.get(lead_id, lock=lock)
    if lead is None:
        raise NotFoundError(f"no lead with id {lead_id!r}")
    return lead
