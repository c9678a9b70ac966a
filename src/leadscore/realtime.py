"""Real-time ingest, as the API does it: one transaction per request.

Within it: the Idempotency-Key is claimed, the leads touched are created or locked, new
events stored (repeats of an event_id skipped), those leads rescored by the real-time
engine and their cards saved, and the reply rendered and kept for the key. So a request
is applied whole or not at all, a retry replays its first reply, and two writers to one
lead queue on its row instead of losing each other's events.

The active scoring model is parsed once per version and kept; each request only checks
the active version number, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from leadscore.access.idempotency import IdempotencyRequest, Reply, replay_of
from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.domain.scorecard import ScoreCard, StoredScore
from leadscore.domain.timeutil import now_utc
from leadscore.errors import LeadscoreError
from leadscore.privacy.hooks import refuse_erased_ids, refuse_erased_leads
from leadscore.rescore import rescore_named
from leadscore.spec.loader import load_spec_text
from leadscore.spec.model import ScoringModel
from leadscore.stores.sql_store import SqlStore, Transaction


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one request changed: counts, and the current card of each lead it touched."""

    received: int
    stored: int
    duplicates: int
    leads_created: int
    leads_upserted: int
    cards: dict[str, ScoreCard] = field(default_factory=dict)
    unchanged: dict[str, StoredScore] = field(default_factory=dict)


Render = Callable[[IngestResult], Reply]


class ModelCache:
    """The active scoring model, parsed once per version."""

    def __init__(self) -> None:
        self._version: int | None = None
        self._spec: ScoringModel | None = None

    def current(self, tx: Transaction, known: int | None = None) -> tuple[int, ScoringModel]:
        """`known`: the active version when the caller read it already (LeadRepository
        .lock_states reads it with the leads)."""
        version = known if known is not None else tx.models.active_version()
        if version is None:
            raise LeadscoreError("no active scoring model: run `leadscore init`")
        if version != self._version or self._spec is None:
            active = tx.models.active()
            assert active is not None
            spec = load_spec_text(active.source, source="active scoring model")
            self._version, self._spec = active.version, spec
            return active.version, spec
        return version, self._spec


class RealtimeIngest:
    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.models = ModelCache()

    def ingest(
        self,
        events: Sequence[Event],
        leads: Sequence[Lead] = (),
        render: Render | None = None,
        idempotency: IdempotencyRequest | None = None,
        received: int | None = None,
    ) -> tuple[IngestResult | None, Reply | None]:
        """Apply one request of `received` records (default: events + leads); `render`
        turns the result into the reply kept for the Idempotency-Key.

        When the key was used before, returns (None, the stored reply): the work is not
        done again. The same key with another request raises IdempotencyConflict.
        """
        unique = list({event.event_id: event for event in reversed(events)}.values())[::-1]
        with self.store.transaction(keep=True) as tx:
            if idempotency is not None:
                replay = replay_of(idempotency, tx.idempotency.claim(idempotency, now_utc()))
                if replay is not None:
                    return None, replay
            count = len(events) + len(leads) if received is None else received
            result = self._apply(tx, unique, leads, count, len(events))
            reply = render(result) if render is not None else None
            if idempotency is not None and reply is not None:
                tx.idempotency.save(idempotency, reply)
        return result, reply

    def _apply(
        self,
        tx: Transaction,
        events: list[Event],
        leads: Sequence[Lead],
        received: int,
        sent_events: int,
    ) -> IngestResult:
        now = now_utc()
        touched = {event.lead_id for event in events} | {lead.lead_id for lead in leads}
        found = tx.leads.lock_states(touched, now)
        version, spec = self.models.current(tx, found.model_version)
        states, created = found.states, found.created
        locked = {lead_id: state.lead for lead_id, state in states.items()}
        refuse_erased_ids(tx, created, "request")
        if leads:
            merged = _merged(locked, leads, created)
            refuse_erased_leads(tx, list(merged.values()))
            tx.leads.upsert(list(merged.values()), now)
            locked.update(merged)
        stored, older = tx.events.insert_new_reading(events, now) if events else (set(), None)
        fresh = {event.event_id: event for event in events if event.event_id in stored}
        changed = {event.lead_id for event in fresh.values()}
        changed |= {lead.lead_id for lead in leads}
        cards = []
        if changed:
            if older is None:  # read back, the new rows not converted (events_repo.py)
                histories = tx.events.of_leads(changed, fresh)
            else:  # read before the insert, with it: the new events are in hand
                histories = {lead_id: list(older.get(lead_id, ())) for lead_id in changed}
                for event in fresh.values():
                    histories[event.lead_id].append(event)
            cards = rescore_named(tx, spec, version, now, changed, locked, states, histories)
        by_id = {card.lead_id: card for card in cards}
        rest = sorted(touched - by_id.keys())
        unchanged = {lead_id: tx.scores.get(lead_id) for lead_id in rest}
        return IngestResult(
            received=received,
            stored=len(stored),
            duplicates=sent_events - len(stored),
            leads_created=len(created),
            leads_upserted=len(leads),
            cards=by_id,
            unchanged={key: value for key, value in unchanged.items() if value is not None},
        )


def _merged(stored: dict[str, Lead], leads: Sequence[Lead], created: set[str]) -> dict[str, Lead]:
    """Each upserted lead merged into what is stored (blank fields keep the stored value);
    a lead created just now as a placeholder takes the new record as it is."""
    merged: dict[str, Lead] = {}
    for lead in leads:
        base = merged.get(lead.lead_id) or stored.get(lead.lead_id)
        if base is None or (lead.lead_id in created and lead.lead_id not in merged):
            merged[lead.lead_id] = lead
        else:
            merged[lead.lead_id] = base.updated_with(lead)
    return merged
