"""Real-time ingest, as the API does it: one transaction per request, or per group of
requests that share nothing (group commit, `RealtimeIngest.apply_together`).

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
from datetime import datetime

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


@dataclass(frozen=True, slots=True)
class IngestRequest:
    """One API request's records, with what turns its result into the reply."""

    events: Sequence[Event] = ()
    leads: Sequence[Lead] = ()
    render: Render | None = None
    idempotency: IdempotencyRequest | None = None
    received: int | None = None

    def footprint(self) -> set[tuple[str, ...]]:
        """What it reads or writes that another request may share: its leads, event ids and
        Idempotency-Key. Requests with disjoint footprints can share one transaction and
        each still get what it would alone (`RealtimeIngest.apply_together`)."""
        found = {("lead", event.lead_id) for event in self.events}
        found |= {("event", event.event_id) for event in self.events}
        found |= {("lead", lead.lead_id) for lead in self.leads}
        if self.idempotency is not None:
            found.add(("key", self.idempotency.owner, self.idempotency.key))
        return found

    def unique_events(self) -> list[Event]:
        """The first event of each event_id, in order (a repeat within a request is a
        duplicate like any other)."""
        return list({event.event_id: event for event in reversed(self.events)}.values())[::-1]


#: A request's outcome: (its result, its reply), or (None, the reply kept for its
#: Idempotency-Key) when it is a retry and nothing was done again.
Outcome = tuple[IngestResult | None, Reply | None]


@dataclass(frozen=True, slots=True)
class _Applied:
    """What applying the records of one or more requests did, lead by lead."""

    stored: set[str]
    created: set[str]
    cards: dict[str, ScoreCard]
    unchanged: dict[str, StoredScore]

    def result_of(self, request: IngestRequest, events: list[Event]) -> IngestResult:
        """One request's share; `events`: its unique events."""
        touched = {event.lead_id for event in events} | {lead.lead_id for lead in request.leads}
        stored = sum(1 for event in events if event.event_id in self.stored)
        received = request.received
        return IngestResult(
            received=len(request.events) + len(request.leads) if received is None else received,
            stored=stored,
            duplicates=len(request.events) - stored,
            leads_created=len(self.created & touched),
            leads_upserted=len(request.leads),
            cards={i: self.cards[i] for i in sorted(touched) if i in self.cards},
            unchanged={i: self.unchanged[i] for i in sorted(touched) if i in self.unchanged},
        )


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
    ) -> Outcome:
        """Apply one request of `received` records (default: events + leads); `render`
        turns the result into the reply kept for the Idempotency-Key.

        When the key was used before, returns (None, the stored reply): the work is not
        done again. The same key with another request raises IdempotencyConflict.
        """
        return self.apply(IngestRequest(events, leads, render, idempotency, received))

    def apply(self, request: IngestRequest) -> Outcome:
        """`ingest`, of a request already built."""
        with self.store.transaction(keep=True) as tx:
            return self._within(tx, [request])[0]

    def apply_together(self, requests: Sequence[IngestRequest]) -> list[Outcome | Exception]:
        """Group commit: requests whose footprints are disjoint, in one transaction.

        Each gets exactly what it would alone, in any order: its leads, events and key
        are its own, so no request reads what another writes. The statements, the lock
        and the commit are shared, which is most of a small request's cost. When that
        transaction fails, each request is applied alone, in order, and gets its own
        outcome or error: one bad request costs the others nothing but time.
        """
        if len(requests) > 1:
            try:
                with self.store.transaction(keep=True) as tx:
                    return list(self._within(tx, requests))
            except Exception:  # each request is retried alone, below
                pass
        outcomes: list[Outcome | Exception] = []
        for request in requests:
            try:
                outcomes.append(self.apply(request))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes

    def _within(self, tx: Transaction, requests: Sequence[IngestRequest]) -> list[Outcome]:
        now = now_utc()
        outcomes: dict[int, Outcome] = {}
        for index, request in enumerate(requests):
            if request.idempotency is not None:
                found = tx.idempotency.claim(request.idempotency, now)
                replay = replay_of(request.idempotency, found)
                if replay is not None:
                    outcomes[index] = (None, replay)
        todo = [index for index in range(len(requests)) if index not in outcomes]
        uniques = {index: requests[index].unique_events() for index in todo}
        events = [event for index in todo for event in uniques[index]]
        leads = [lead for index in todo for lead in requests[index].leads]
        if not todo:
            return [outcomes[index] for index in range(len(requests))]
        applied = self._apply(tx, events, leads, now)
        for index in todo:
            request = requests[index]
            result = applied.result_of(request, uniques[index])
            reply = request.render(result) if request.render is not None else None
            if request.idempotency is not None and reply is not None:
                tx.idempotency.save(request.idempotency, reply)
            outcomes[index] = (result, reply)
        return [outcomes[index] for index in range(len(requests))]

    def _apply(
        self, tx: Transaction, events: list[Event], leads: Sequence[Lead], now: datetime
    ) -> _Applied:
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
            histories = _histories(tx, changed, fresh, older)
            cards = rescore_named(tx, spec, version, now, changed, locked, states, histories)
        by_id = {card.lead_id: card for card in cards}
        unchanged = {lead_id: tx.scores.get(lead_id) for lead_id in sorted(touched - by_id.keys())}
        return _Applied(
            stored=set(stored),
            created=set(created),
            cards=by_id,
            unchanged={key: value for key, value in unchanged.items() if value is not None},
        )


def _histories(
    tx: Transaction,
    changed: set[str],
    fresh: dict[str, Event],
    older: dict[str, list[Event]] | None,
) -> dict[str, list[Event]]:
    """The events of each changed lead. Those of a lead whose older events the insert read
    (`older`) are in hand with the new ones; the others are read back, the new rows not
    converted (events_repo.py). A lead changed by an upsert alone has no new event, and
    its history is read like the rest."""
    histories = {lead_id: list(found) for lead_id, found in (older or {}).items()}
    for event in fresh.values():
        if event.lead_id in histories:
            histories[event.lead_id].append(event)
    rest = changed - histories.keys()
    if rest:
        histories.update(tx.events.of_leads(rest, fresh))
    return histories


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
