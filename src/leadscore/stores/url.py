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


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for in-memory databases and other engines."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return None
    return Path(url.removeprefix(prefix))


def remove_sqlite_file(db: str | None) -> None:
    """Delete a SQLite database and its WAL/journal files (used to start the demo afresh)."""
    path = sqlite_path(database_url(db))
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
