"""Turn what a user typed for `--db` into a SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DB = "leadscore.db"


def database_url(db: str | None) -> str:
    """A bare path means a SQLite file; anything with `://` is taken as a URL."""
    target = db or DEFAULT_DB
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"
