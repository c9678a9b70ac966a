"""The SQL store: one engine, one transaction object per unit of work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from leadscore.errors import LeadscoreError
from leadscore.stores.audit_repo import AuditRepository
from leadscore.stores.decisions_repo import DecisionRepository
from leadscore.stores.events_repo import EventRepository
from leadscore.stores.idempotency_repo import IdempotencyRepository
from leadscore.stores.keys_repo import ApiKeyRepository
from leadscore.stores.leads_repo import LeadRepository
from leadscore.stores.migrate import is_current, upgrade
from leadscore.stores.models_repo import ModelRepository
from leadscore.stores.outbox_repo import OutboxRepository
from leadscore.stores.privacy_repo import PrivacyRepository
from leadscore.stores.scores_repo import ScoreRepository
from leadscore.stores.subscriptions_repo import SubscriptionRepository
from leadscore.stores.url import database_url, sqlite_path
from leadscore.stores.wal_checkpoints import WalCheckpointer


@dataclass(frozen=True, slots=True)
class Transaction:
    """Everything done through one of these commits together or not at all."""

    connection: Connection

    @property
    def leads(self) -> LeadRepository:
        return LeadRepository(self.connection)

    @property
    def events(self) -> EventRepository:
        return EventRepository(self.connection)

    @property
    def decisions(self) -> DecisionRepository:
        return DecisionRepository(self.connection)

    @property
    def models(self) -> ModelRepository:
        return ModelRepository(self.connection)

    @property
    def scores(self) -> ScoreRepository:
        return ScoreRepository(self.connection)

    @property
    def keys(self) -> ApiKeyRepository:
        return ApiKeyRepository(self.connection)

    @property
    def idempotency(self) -> IdempotencyRepository:
        return IdempotencyRepository(self.connection)

    @property
    def subscriptions(self) -> SubscriptionRepository:
        return SubscriptionRepository(self.connection)

    @property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.connection)

    @property
    def privacy(self) -> PrivacyRepository:
        return PrivacyRepository(self.connection)

    @property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.connection)


class SqlStore:
    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise LeadscoreError(f"cannot use database {url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._ready = False
        self._kept: tuple[int, Connection] | None = None
        self.checkpoints: WalCheckpointer | None = None

    @property
    def networked(self) -> bool:
        """True when each statement is a round trip to a database server (PostgreSQL):
        then callers gain by running units of work side by side in threads."""
        return self.engine.dialect.name != "sqlite"

    def checkpoint_in_background(self) -> None:
        """On SQLite, for a process that writes without pause: checkpoint the WAL in a
        thread rather than in the commits (stores/wal_checkpoints.py). Call before any
        unit of work that should benefit; elsewhere a no-op."""
        if not self.networked and self.checkpoints is None:
            self.checkpoints = WalCheckpointer(self.engine)

    def migrate(self) -> None:
        try:
            upgrade(self.engine)
        except OperationalError as exc:
            raise LeadscoreError(f"cannot open database {self.url}: {exc.orig}") from None

    def ready(self) -> bool:
        """True when the schema is current; never creates an empty SQLite file by looking.

        Once true it is remembered: schemas only move forward, and asking Alembic on every
        unit of work would cost more than a small request's own queries.
        """
        if self._ready:
            return True
        path = sqlite_path(self.url)
        if path is not None and not path.exists():
            return False
        try:
            self._ready = is_current(self.engine)
        except OperationalError:
            return False
        return self._ready

    @contextmanager
    def transaction(self, write: bool = True, keep: bool = False) -> Iterator[Transaction]:
        """One unit of work. On SQLite a writing one takes the write lock when it begins
        (BEGIN IMMEDIATE), so what it reads cannot change before it writes; on PostgreSQL
        writers lock the rows they change (see LeadRepository.lock).

        `keep` asks for a connection kept between units of work: on SQLite, for work that
        runs back to back on one thread (the API's real-time ingest, inline on the event
        loop), taking a connection from the pool and handing it back cost more than a
        small request's statements. Elsewhere (another thread, PostgreSQL, a unit of work
        already open on it) the pool serves as usual.
        """
        kept = self._kept_connection() if keep and write else None
        if kept is not None:
            with kept.begin():
                yield Transaction(kept)
            return
        with self.engine.connect() as connection:
            if not write:
                connection.execution_options(leadscore_write=False)
            with connection.begin():
                yield Transaction(connection)

    def _kept_connection(self) -> Connection | None:
        if self.networked:
            return None
        thread = threading.get_ident()
        if self._kept is None or self._kept[1].closed or self._kept[1].invalidated:
            self._kept = (thread, self.engine.connect())
        owner, connection = self._kept
        if owner != thread or connection.in_transaction():
            return None
        return connection

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.stop()
            self.checkpoints = None
        if self._kept is not None:
            self._kept[1].close()
            self._kept = None
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # leadscore's BEGIN (below), not the driver's
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """On the driver's connection directly: SQLAlchemy's statement machinery would cost
    more than the BEGIN itself, on every unit of work."""
    writes = connection.get_execution_options().get("leadscore_write", True)
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if writes else "BEGIN")


def open_store(db: str | None) -> SqlStore:
    """`db` is a path to a SQLite file or a SQLAlchemy URL; None means ./leadscore.db."""
    return SqlStore(database_url(db))
