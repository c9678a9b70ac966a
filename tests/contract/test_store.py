"""The behaviour every store must have: run against each store in conftest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from leadscore.domain import DecisionKind, Event, Lead, SalesDecision, Stage
from leadscore.service import LeadService
from leadscore.stores import SqlStore
from leadscore.stores.tables import metadata

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _event(event_id: str, lead_id: str, kind: str, days: float, **props: object) -> Event:
    return Event(event_id, lead_id, kind, T0 + timedelta(days=days), dict(props))


def test_migrations_create_exactly_the_declared_schema(store: SqlStore) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_migrating_twice_is_harmless(store: SqlStore) -> None:
    store.migrate()
    assert store.ready()


def test_leads_round_trip_and_upsert(store: SqlStore) -> None:
    lead = Lead("A", email="a@x.io", employees=300, created_at=T0, attributes={"plan": "pro"})
    with store.transaction() as tx:
        tx.leads.upsert([lead], T0)
    with store.transaction() as tx:
        assert tx.leads.get("A") == lead
        tx.leads.upsert([Lead("A", email="new@x.io")], T0)
    with store.transaction() as tx:
        stored = tx.leads.get("A")
    assert stored is not None and stored.email == "new@x.io" and stored.employees is None
    assert stored.created_at is None or stored.created_at.tzinfo is not None


def test_a_failed_transaction_writes_nothing(store: SqlStore) -> None:
    try:
        with store.transaction() as tx:
            tx.leads.upsert([Lead("A")], T0)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with store.transaction() as tx:
        assert tx.leads.count() == 0


def test_events_are_grouped_by_lead_in_time_order(store: SqlStore) -> None:
    with store.transaction() as tx:
        tx.leads.upsert([Lead("A"), Lead("B")], T0)
        tx.events.insert(
            [_event("2", "A", "x", 2), _event("1", "A", "x", 1), _event("3", "B", "y", 0)], T0
        )
    with store.transaction() as tx:
        grouped = {lead: [e.event_id for e in events] for lead, events in tx.events.by_lead()}
        assert tx.events.known_ids(["1", "9"]) == {"1"}
        assert tx.events.of_lead("A")[0].occurred_at == T0 + timedelta(days=1)
    assert grouped == {"A": ["1", "2"], "B": ["3"]}


def test_unknown_leads_are_created_unidentified(service: LeadService) -> None:
    report = service.add_events([_event("e1", "ghost", "page_view", 0, url="/pricing")], as_of=T0)
    assert report.leads_created == 1
    detail = service.detail("ghost")
    assert not detail.lead.identified
    assert detail.score is not None


def test_repeated_events_change_nothing(service: LeadService) -> None:
    service.upsert_leads([Lead("A", industry="software")], as_of=T0)
    events = [_event("e1", "A", "demo_request", 0), _event("e2", "A", "page_view", 0)]
    first = service.add_events(events, as_of=T0 + timedelta(days=1))
    again = service.add_events(events, as_of=T0 + timedelta(days=1))
    assert (first.stored, again.stored, again.duplicates) == (2, 0, 2)
    with service.store.transaction() as tx:
        assert tx.events.count() == 2


def test_history_rows_only_when_the_score_changes(service: LeadService) -> None:
    service.upsert_leads([Lead("A", industry="software")], score=False)
    service.add_events([_event("e1", "A", "demo_request", 0)], score=False)
    as_of = T0 + timedelta(days=3)
    assert service.score(as_of=as_of).changed == 1
    assert service.score(as_of=as_of).changed == 0
    assert service.score(as_of=as_of + timedelta(days=30)).changed == 1  # decay moved it
    with service.store.transaction() as tx:
        assert len(tx.scores.history_of("A")) == 2


def test_stage_history_follows_the_replay(service: LeadService) -> None:
    service.upsert_leads([Lead("A", industry="software", employees=500)], score=False)
    service.add_events([_event("e1", "A", "demo_request", 0)], as_of=T0 + timedelta(days=1))
    detail = service.decide(
        "A", DecisionKind.ACCEPT, bant=["budget", "need", "timeline"], at=T0 + timedelta(days=2)
    )
    assert detail.score is not None
    steps = [(t.from_stage, t.to_stage) for t in detail.score.card.transitions]
    assert steps == [(Stage.LEAD, Stage.MQL), (Stage.MQL, Stage.SQL)]
    assert detail.score.card.transitions[-1].actor == "sales"
    detail = service.decide("A", DecisionKind.REJECT, reason="no budget", at=T0 + timedelta(3))
    assert detail.score is not None and detail.score.card.stage == Stage.NURTURE
    assert [d.kind for d in detail.decisions] == [DecisionKind.ACCEPT, DecisionKind.REJECT]


def test_model_versions_keep_history(service: LeadService, tmp_path) -> None:
    model = tmp_path / "m.yaml"
    model.write_text(
        "name: tiny\nfit:\n  rules:\n"
        "    - {name: any, when: {attribute: lead_id, exists: true}, points: 7}\n"
    )
    service.upsert_leads([Lead("A")], score=False)
    version, report = service.apply_model(model, as_of=T0)
    assert (version.version, version.name, report.scored) == (2, "tiny", 1)
    assert [v.active for v in service.model_versions()] == [False, True]
    stored = service.detail("A").score
    assert stored is not None and stored.card.total == 7 and stored.model_version == 2


def test_decisions_round_trip(store: SqlStore) -> None:
    decision = SalesDecision("A", DecisionKind.ACCEPT, T0, "fits", True, False, True, True, "ann")
    with store.transaction() as tx:
        tx.leads.upsert([Lead("A")], T0)
        tx.decisions.add(decision)
    with store.transaction() as tx:
        assert tx.decisions.of_lead("A") == [decision]
        assert tx.decisions.by_lead() == {"A": [decision]}


def test_reimporting_a_lead_keeps_what_the_file_left_blank(service: LeadService) -> None:
    full = Lead(
        "A",
        email="a@x.io",
        title="VP Sales",
        employees=800,
        do_not_email=True,
        attributes={"plan": "pro"},
    )
    service.upsert_leads([full], score=False)
    service.upsert_leads([Lead("A", email="new@x.io", attributes={"tier": "gold"})], score=False)
    stored = service.detail("A").lead
    assert (stored.email, stored.title, stored.employees) == ("new@x.io", "VP Sales", 800)
    assert stored.attributes == {"plan": "pro", "tier": "gold"}
    assert stored.do_not_email  # an opt-out is never undone by a file without the column


def test_a_back_dated_decision_does_not_move_the_card_back(service: LeadService) -> None:
    service.upsert_leads([Lead("A", industry="software")], score=False)
    service.add_events([_event("e1", "A", "contact_sales", 0)], score=False)
    service.score(as_of=T0 + timedelta(days=10))
    detail = service.decide("A", DecisionKind.REJECT, reason="later", at=T0 + timedelta(days=1))
    assert detail.score is not None
    assert detail.score.card.as_of == T0 + timedelta(days=10)
    assert detail.score.card.stage == Stage.NURTURE
