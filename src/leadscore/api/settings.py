"""Server settings, read from LEADSCORE_* environment variables when the app is created.

Built by `create_app` or the CLI, never at import time, so tests and servers can differ.
Outside development a secret must be set: the default one is public, so anything keyed
with it (hashed suppression entries, signed tokens) would be forgeable.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from leadscore.errors import LeadscoreError

DEFAULT_SECRET = "leadscore-development-secret-do-not-use-in-production"
Environment = Literal["development", "test", "production"]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    database: str | None = Field(None, description="SQLite path or SQLAlchemy URL")
    environment: Environment = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    max_event_bytes: int = Field(32 * 1024, gt=0, description="largest single event or lead")
    max_batch_bytes: int = Field(500 * 1024, gt=0, description="largest request body")
    key_cache_seconds: float = Field(30.0, ge=0, description="how long a verified key is trusted")
    ingest_process: bool = Field(
        False, description="apply ingest in a writer process (api/ingest_writer.py)"
    )

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "development" and self.secret_key.get_secret_value() in (
            DEFAULT_SECRET,
            "",
        ):
            raise ValueError(
                f"LEADSCORE_SECRET_KEY must be set outside development "
                f"(LEADSCORE_ENV={self.environment})"
            )
        return self

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from LEADSCORE_DB, LEADSCORE_ENV, LEADSCORE_SECRET_KEY,
        LEADSCORE_INGEST_PROCESS, then `overrides`."""
        values: dict[str, object] = {}
        for name, variable in _ENV.items():
            if os.environ.get(variable):
                values[name] = os.environ[variable]
        values.update({name: value for name, value in overrides.items() if value is not None})
        try:
            return cls.model_validate(values)
        except ValueError as exc:
            raise LeadscoreError(f"bad settings: {_first_error(exc)}") from None


_ENV = {
    "database": "LEADSCORE_DB",
    "environment": "LEADSCORE_ENV",
    "secret_key": "LEADSCORE_SECRET_KEY",
    "ingest_process": "LEADSCORE_INGEST_PROCESS",
}


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = str(first.get("msg", exc)).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc)
