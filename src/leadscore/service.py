"""The facade: every face (CLI, API) goes through here. Owns transactions.

It composes the scoring model (spec), the store and the engine, and delegates the work
to modules named after it (`rescore`, `ingest`), so it stays a table of contents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from leadscore.access.idempotency import IdempotencyRequest, Reply
from leadscore.domain.decision import BANT_ITEMS, DecisionKind, SalesDecision
from leadscore.domain.event import Event
from leadscore.domain.history import LeadHistory
from leadscore.domain.lead import Lead
from leadscore.domain.model_version import ModelVersion
from leadscore.domain.score_filter import ScoreFilter
from leadscore.domain.scorecard import StoredScore
from leadscore.domain.stage import FUNNEL_ORDER
from leadscore.domain.timeutil import now_utc, utc
from leadscore.errors import LeadscoreError, NotFoundError, UnknownChoiceError
from leadscore.idempotent import once
from leadscore.ingest import IngestStats, read_events, read_leads
from leadscore.keyring import KeyRing
from leadscore.notify.subscriptions import WebhookAdmin
from leadscore.privacy.desk import PrivacyDesk
from leadscore.privacy.hooks import audit_decisions, refuse_erased_ids, refuse_erased_leads
from leadscore.realtime import RealtimeIngest
from leadscore.rescore import Progress, RescoreReport, rescore
from leadscore.spec.loader import load_spec, load_spec_text
from leadscore.spec.model import ScoringModel
from leadscore.spec.template import DEFAULT_TEMPLATE, template_text
from leadscore.stores import SqlStore, open_store
from leadscore.stores.histories import lead_histories
from leadscore.stores.score_pages import score_page
from leadscore.stores.sql_store import Transaction
from leadscore.stores.url import remove_sqlite_file

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IngestReport:
    received: int
    stored: int
    duplicates: int = 0
    leads_created: int = 0
    rescored: int = 0


@dataclass(frozen=True, slots=True)
class LeadDetail:
    lead: Lead
    score: StoredScore | None
    decisions: list[SalesDecision]


@lru_cache(maxsize=16)
def _parse_model(source: str) -> ScoringModel:
    return load_spec_text(source, source="active scoring model")


class LeadService:
    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.keys = KeyRing(store)
        self.realtime = RealtimeIngest(store)
        self.webhooks = WebhookAdmin(store)
        self.privacy = PrivacyDesk(store)

    @classmethod
    def open(cls, db: str | None = None) -> LeadService:
        return cls(open_store(db))

    @classmethod
    def recreate(cls, db: str) -> LeadService:
        """A new, empty, initialised database (a SQLite file is deleted first): for demos."""
        remove_sqlite_file(db)
        service = cls.open(db)
        service.init()
        return service

    # --- setup and scoring models -------------------------------------------------------
    def init(self) -> ModelVersion:
        """Create or upgrade the database; the first time, activate the default template."""
        self.store.migrate()
        with self.store.transaction() as tx:
            active = tx.models.active()
            if active is None:
                tx.models.add_active(DEFAULT_TEMPLATE, template_text(), now_utc())
                active = tx.models.active()
        assert active is not None
        return active

    def ready(self) -> bool:
        """True when the database exists and its schema is current."""
        return self.store.ready()

    def _tx(self) -> AbstractContextManager[Transaction]:
        if not self.store.ready():
            raise LeadscoreError(
                f"database {self.store.url} is not initialised: run `leadscore init` first"
            )
        return self.store.transaction()

    def active_model(self) -> tuple[ModelVersion, ScoringModel]:
        with self._tx() as tx:
            version = tx.models.active()
        if version is None:
            raise LeadscoreError("no active scoring model: run `leadscore init`")
        return version, _parse_model(version.source)

    def model_versions(self) -> list[ModelVersion]:
        with self._tx() as tx:
            return tx.models.all()

    def apply_model(
        self, path: Path, as_of: datetime | None = None, progress: Progress | None = None
    ) -> tuple[ModelVersion, RescoreReport]:
        """Validate a scoring-model file, make it the active version and rescore everyone."""
        spec = load_spec(path)
        source = path.read_text(encoding="utf-8")
        with self._tx() as tx:
            version = tx.models.add_active(spec.name, source, now_utc())
            report = rescore(tx, spec, version, utc(as_of or now_utc()), None, progress)
            active = tx.models.active()
        assert active is not None
        return active, report

    # --- ingest -------------------------------------------------------------------------
    def ingest_leads(
        self,
        path: Path,
        format: str | None = None,
        mapping: Path | None = None,
        score: bool = True,
        as_of: datetime | None = None,
    ) -> IngestReport:
        """All rows or none: the file is fully validated before anything is written."""
        leads = read_leads(path, format=format, mapping=mapping)
        return self.upsert_leads(leads, score=score, as_of=as_of)

    def upsert_leads(
        self, leads: list[Lead], score: bool = True, as_of: datetime | None = None
    ) -> IngestReport:
        """Upsert: blank fields keep what is stored (see Lead.updated_with)."""
        version, spec = self.active_model()
        with self._tx() as tx:
            stored = tx.leads.get_many(lead.lead_id for lead in leads)
            merged = [
                stored[lead.lead_id].updated_with(lead) if lead.lead_id in stored else lead
                for lead in leads
            ]
            refuse_erased_leads(tx, merged)
            tx.leads.upsert(merged, now_utc())
            rescored = 0
            if score:
                ids = {lead.lead_id for lead in leads}
                rescored = rescore(tx, spec, version.version, utc(as_of or now_utc()), ids).scored
        return IngestReport(received=len(leads), stored=len(leads), rescored=rescored)

    def ingest_events(
        self,
        path: Path,
        format: str | None = None,
        mapping: Path | None = None,
        score: bool = True,
        as_of: datetime | None = None,
    ) -> IngestReport:
        stats = IngestStats()
        events = read_events(path, format=format, mapping=mapping, stats=stats)
        report = self.add_events(events, score=score, as_of=as_of)
        return replace(
            report,
            received=report.received + stats.duplicates,
            duplicates=report.duplicates + stats.duplicates,
        )

    def add_events(
        self, events: Iterable[Event], score: bool = True, as_of: datetime | None = None
    ) -> IngestReport:
        """Idempotent: events whose `event_id` is already stored are skipped."""
        batch = list({event.event_id: event for event in reversed(list(events))}.values())[::-1]
        version, spec = self.active_model()
        with self._tx() as tx:
            known = tx.events.known_ids(event.event_id for event in batch)
            new = [event for event in batch if event.event_id not in known]
            lead_ids = {event.lead_id for event in new}
            missing = lead_ids - tx.leads.known_ids(lead_ids)
            refuse_erased_ids(tx, missing)
            now = now_utc()
            tx.leads.add_unidentified(missing, now)
            tx.events.insert(new, now)
            rescored = 0
            if score and new:
                rescored = rescore(tx, spec, version.version, utc(as_of or now), lead_ids).scored
        return IngestReport(
            received=len(batch),
            stored=len(new),
            duplicates=len(batch) - len(new),
            leads_created=len(missing),
            rescored=rescored,
        )

    # --- scoring and reading --------------------------------------------------------------
    def score(
        self, as_of: datetime | None = None, progress: Progress | None = None
    ) -> RescoreReport:
        version, spec = self.active_model()
        with self._tx() as tx:
            return rescore(tx, spec, version.version, utc(as_of or now_utc()), None, progress)

    def lead_count(self) -> int:
        with self._tx() as tx:
            return tx.leads.count()

    def ranked(
        self,
        tier: str | None = None,
        stage: str | None = None,
        grade: str | None = None,
        limit: int | None = None,
    ) -> list[StoredScore]:
        _, spec = self.active_model()
        _check_bands(spec, tier, grade)
        with self._tx() as tx:
            return tx.scores.ranked(tier=tier, stage=stage, grade=grade, limit=limit)

    def detail(self, lead_id: str) -> LeadDetail:
        with self._tx() as tx:
            lead = tx.leads.get(lead_id)
            if lead is None:
                raise NotFoundError(f"no lead with id {lead_id!r}")
            return LeadDetail(lead, tx.scores.get(lead_id), tx.decisions.of_lead(lead_id))

    def histories(self) -> list[LeadHistory]:
        """Every lead with all its events and decisions: input for point-in-time training
        sets and evaluations (predict.point_in_time), which cut them at their cutoffs."""
        with self._tx() as tx:
            return lead_histories(tx.connection)

    def lead_page(
        self,
        where: ScoreFilter,
        limit: int,
        after: tuple[float, str] | None = None,
        ascending: bool = False,
    ) -> list[StoredScore]:
        """One page of current scores by total (keyset paging: see stores/score_pages.py)."""
        _, spec = self.active_model()
        _check_bands(spec, where.tier, where.grade)
        with self.store.transaction(write=False) as tx:
            return score_page(tx.connection, where, limit, after, ascending)

    def keyed(
        self,
        request: IdempotencyRequest | None,
        render: Callable[[T], Reply],
        work: Callable[..., T],
        *args: Any,
    ) -> tuple[Reply, bool]:
        """`render(work(tx, *args))` under an Idempotency-Key claimed in the same transaction
        `tx`, as `decide_once` does, so identical requests at once apply once: (reply,
        replayed). `work` is a facade part's in-transaction step (`privacy.object_in`)."""
        with self._tx() as tx:
            return once(tx, request, lambda: render(work(tx, *args)))

    def funnel(self) -> dict[str, int]:
        """Leads per stage, in funnel order, every stage present."""
        with self._tx() as tx:
            counts = tx.scores.stage_counts()
        return {stage.value: counts.get(stage.value, 0) for stage in FUNNEL_ORDER}

    # --- sales decisions ------------------------------------------------------------------
    def add_decisions(self, decisions: list[SalesDecision], score: bool = True) -> int:
        """Bulk-record decisions (e.g. from a CRM export); leads must exist."""
        version, spec = self.active_model()
        with self._tx() as tx:
            ids = {decision.lead_id for decision in decisions}
            unknown = ids - tx.leads.known_ids(ids)
            if unknown:
                raise NotFoundError(f"decisions for unknown lead(s): {sorted(unknown)[:5]}")
            for decision in decisions:
                tx.decisions.add(decision)
            audit_decisions(tx, decisions)
            if score and decisions:
                latest = max(utc(decision.decided_at) for decision in decisions)
                rescore(tx, spec, version.version, _rescore_time(tx, ids, latest), ids)
        return len(decisions)

    def decide(
        self,
        lead_id: str,
        kind: DecisionKind,
        reason: str = "",
        bant: Iterable[str] = (),
        actor: str = "sales",
        at: datetime | None = None,
    ) -> LeadDetail:
        """Record a sales decision and rescore the lead as of the decision."""
        decision, version, spec = self._decision(lead_id, kind, reason, bant, actor, at)
        with self._tx() as tx:
            return _decided(tx, decision, version, spec)

    def decide_once(
        self,
        request: IdempotencyRequest | None,
        render: Callable[[LeadDetail], Reply],
        lead_id: str,
        kind: DecisionKind,
        reason: str = "",
        bant: Iterable[str] = (),
        actor: str = "sales",
        at: datetime | None = None,
    ) -> tuple[Reply, bool]:
        """`decide` under an Idempotency-Key claimed in the decision's own transaction, so
        two identical requests at once record one decision: (reply, replayed)."""
        decision, version, spec = self._decision(lead_id, kind, reason, bant, actor, at)
        with self._tx() as tx:
            return once(tx, request, lambda: render(_decided(tx, decision, version, spec)))

    def _decision(
        self,
        lead_id: str,
        kind: DecisionKind,
        reason: str,
        bant: Iterable[str],
        actor: str,
        at: datetime | None,
    ) -> tuple[SalesDecision, ModelVersion, ScoringModel]:
        """The decision checked against the active model, before any transaction."""
        confirmed = {item.strip().lower() for item in bant if item.strip()}
        unknown = confirmed - set(BANT_ITEMS)
        if unknown:
            raise LeadscoreError(
                f"unknown BANT item(s) {sorted(unknown)}; expected {', '.join(BANT_ITEMS)}"
            )
        version, spec = self.active_model()
        _check_decision(spec, kind, reason, confirmed)
        when = _not_in_future(utc(at or now_utc()))
        decision = SalesDecision(
            lead_id, kind, when, reason, *(item in confirmed for item in BANT_ITEMS), actor=actor
        )
        return decision, version, spec


def _decided(
    tx: Transaction, decision: SalesDecision, version: ModelVersion, spec: ScoringModel
) -> LeadDetail:
    """Record `decision`, rescore its lead as of it, and read the lead back, in `tx`."""
    lead_id = decision.lead_id
    lead = tx.leads.get(lead_id, lock=True)
    if lead is None:
        raise NotFoundError(f"no lead with id {lead_id!r}")
    tx.decisions.add(decision)
    audit_decisions(tx, [decision])
    when = utc(decision.decided_at)
    rescore(tx, spec, version.version, _rescore_time(tx, {lead_id}, when), {lead_id})
    return LeadDetail(lead, tx.scores.get(lead_id), tx.decisions.of_lead(lead_id))


def _check_bands(spec: ScoringModel, tier: str | None, grade: str | None) -> None:
    for value, bands, field in ((tier, spec.tiers, "tier"), (grade, spec.grades, "grade")):
        if value is not None and value not in bands:
            raise UnknownChoiceError(field, value, list(bands))


def _not_in_future(when: datetime) -> datetime:
    if when > now_utc() + timedelta(minutes=5):
        raise LeadscoreError(
            f"a decision cannot be dated in the future ({when:%Y-%m-%d %H:%M} UTC)"
        )
    return when


def _rescore_time(tx: Transaction, lead_ids: set[str], decided: datetime) -> datetime:
    """A decision never moves a card back in time: a back-dated one is replayed into the
    history but the card stays as of its latest time."""
    stored = [tx.scores.get(lead_id) for lead_id in lead_ids]
    return max([decided, *(item.card.as_of for item in stored if item is not None)])


def _check_decision(spec: ScoringModel, kind: DecisionKind, reason: str, bant: set[str]) -> None:
    needed = spec.lifecycle.sql.bant_at_least
    if kind == DecisionKind.ACCEPT and len(bant) < needed:
        got = ", ".join(sorted(bant)) or "none"
        raise LeadscoreError(
            f"accepting a lead as SQL needs at least {needed} of budget, authority, need, "
            f"timeline confirmed (--bant); got {len(bant)} ({got})"
        )
    if kind in (DecisionKind.REJECT, DecisionKind.DISQUALIFY) and not reason.strip():
        raise LeadscoreError(f"a {kind.value} decision needs a reason (--reason)")
