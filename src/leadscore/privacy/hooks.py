"""Hooks the facade runs inside its ingest and decision transactions: refuse imports of
erased leads (every path, API and CLI), and put sales decisions in the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from leadscore.domain import suppression
from leadscore.domain.decision import SalesDecision
from leadscore.domain.lead import Lead
from leadscore.domain.suppression import SuppressedError
from leadscore.domain.timeutil import now_utc
from leadscore.stores.audit_repo import entry_row
from leadscore.stores.sql_store import Transaction


def refuse_erased_leads(tx: Transaction, leads: Sequence[Lead]) -> None:
    """Raise SuppressedError naming the first lead whose email or id was erased."""
    wanted: dict[str, tuple[str, str]] = {}
    for lead in leads:
        wanted[suppression.digest(suppression.LEAD_ID, lead.lead_id)] = (lead.lead_id, "id")
        if lead.email:
            wanted[suppression.digest(suppression.EMAIL, lead.email)] = (lead.lead_id, "email")
    _refuse(tx, wanted, "lead")


def refuse_erased_ids(tx: Transaction, lead_ids: Iterable[str], what: str = "event") -> None:
    """Events for an erased lead id would bring the lead back: refused too."""
    wanted = {suppression.digest(suppression.LEAD_ID, item): (item, "id") for item in lead_ids}
    _refuse(tx, wanted, what)


def _refuse(tx: Transaction, wanted: dict[str, tuple[str, str]], what: str) -> None:
    if not wanted:
        return
    hits = tx.privacy.suppressed(wanted)
    if hits:
        lead_id, field = min(wanted[digest] for digest in hits)
        raise SuppressedError(
            f"{what} for lead {lead_id!r}: its {field} belongs to a lead erased on request; "
            "erased people are not imported again"
        )


def audit_decisions(tx: Transaction, decisions: Sequence[SalesDecision]) -> None:
    """Every sales decision in the audit log, by whoever made it; its free-text reason
    stays with the decision (erased with the lead), not in the audit log."""
    now = now_utc()
    tx.audit.append_many(
        [
            entry_row(
                now,
                decision.actor,
                "lead.decision",
                f"lead:{decision.lead_id}",
                None,
                {
                    "kind": decision.kind.value,
                    "bant": list(decision.bant_confirmed),
                    "decided_at": decision.decided_at.isoformat(),
                },
            )
            for decision in decisions
        ]
    )
