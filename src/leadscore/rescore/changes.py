"""What saving new cards changes beyond the scores: objections, audit, webhook outbox.

Runs in the rescoring transaction, before the cards are saved, so a stage change, its
audit entry and its webhook notifications commit together or not at all. A lead that
objected to processing keeps the card it had: no new score, no stage change, no
notification.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import datetime
from typing import Any

from leadscore.domain.scorecard import ScoreCard
from leadscore.domain.stage import Stage
from leadscore.stores.audit_repo import entry_row
from leadscore.stores.lead_state import StoredStanding
from leadscore.stores.sql_store import Transaction
from leadscore.webhooks.notifications import Standing, notifications, payload, stage_before


def record_changes(
    tx: Transaction,
    cards: Sequence[ScoreCard],
    now: datetime,
    objected: Set[str],
    stored: Mapping[str, StoredStanding | None],
) -> list[ScoreCard]:
    """The cards to save (those of the `objected` leads dropped), with their stage
    changes from what is `stored` appended to the audit log and their notifications
    queued in the outbox."""
    kept = [card for card in cards if card.lead_id not in objected]
    audit: list[dict[str, Any]] = []
    queued: list[tuple[str, str, dict[str, Any]]] = []
    for card in kept:
        before = _standing(stored.get(card.lead_id))
        previous = stage_before(before, card)
        if previous != card.stage:
            audit.append(_stage_change(card, previous, now))
        queued += [
            (item.kind.value, item.lead_id, payload(item, now))
            for item in notifications(before, card)
        ]
    tx.audit.append_many(audit)
    tx.outbox.enqueue(queued, now)
    return kept


def _standing(stored: StoredStanding | None) -> Standing | None:
    return None if stored is None else Standing(Stage(stored.stage), stored.tier)


def _stage_change(card: ScoreCard, previous: Stage, now: datetime) -> dict[str, Any]:
    """No reason text: it may quote a sales note, and audit entries outlive an erasure."""
    actor = card.transitions[-1].actor if card.transitions else "engine"
    return entry_row(
        now,
        actor,
        "lead.stage_changed",
        f"lead:{card.lead_id}",
        {"stage": previous.value},
        {"stage": card.stage.value, "as_of": card.as_of.isoformat()},
    )
