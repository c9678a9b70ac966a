"""Scoring-model versions: one active, the older ones kept for history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from leadscore.domain.model_version import ModelVersion
from leadscore.stores.driver import Driver
from leadscore.stores.records import to_model_version
from leadscore.stores.tables import scoring_models

#: Plain SQL on the driver's cursor (driver.py): every real-time request asks it.
_ACTIVE_VERSION = "SELECT version FROM scoring_models WHERE active"


class ModelRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_active(self, name: str, source: str, now: datetime) -> int:
        self.connection.execute(update(scoring_models).values(active=False))
        result = self.connection.execute(
            scoring_models.insert().values(name=name, source=source, created_at=now, active=True)
        )
        return int(result.inserted_primary_key[0])

    def active(self) -> ModelVersion | None:
        query = select(scoring_models).where(scoring_models.c.active.is_(True))
        row = self.connection.execute(query).first()
        return to_model_version(row) if row else None

    def active_version(self) -> int | None:
        """Only the active version's number: a cheap check that a cached model is current."""
        rows = Driver(self.connection).rows(_ACTIVE_VERSION)
        return rows[0][0] if rows else None

    def all(self) -> list[ModelVersion]:
        query = select(scoring_models).order_by(scoring_models.c.version)
        return [to_model_version(row) for row in self.connection.execute(query)]
