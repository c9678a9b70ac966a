"""SQLite WAL checkpoints off the committing thread, for a process that writes without
pause (the API's ingest writer).

By default the connection whose commit takes the WAL past 1,000 pages checkpoints it there
and then: it copies the pages into the database file and syncs both files, and those
syncs hold that commit for milliseconds (on this project's benchmark machine, about 8% of
single-event ingest throughput and half its p99 latency). With a WalCheckpointer the
store's connections never checkpoint at commit. A thread does it instead, in PASSIVE mode,
which never blocks a writer (the copying and syncing run without the GIL). A passive
checkpoint cannot rewind a WAL that never stops growing, so a commit that finds the WAL
past `restart_frames` rewinds it itself (RESTART), after its transaction; by then the
thread has copied nearly all of it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger("leadscore.stores.wal_checkpoints")


class WalCheckpointer:
    def __init__(self, engine: Engine, every: float = 0.2, restart_frames: int = 16_000) -> None:
        self.engine = engine
        self.every = every
        self.restart_frames = restart_frames
        self.frames = 0  # in the WAL at the last checkpoint
        self.restarts = 0
        self._stopping = threading.Event()
        event.listen(engine, "connect", _no_checkpoint_at_commit)
        engine.dispose()  # a pooled connection made before would still checkpoint at commit
        self._thread = threading.Thread(
            target=self._run, name="leadscore-wal-checkpoints", daemon=True
        )
        self._thread.start()

    def after_commit(self, connection: sqlite3.Connection) -> None:
        """Rewind the WAL if it has grown past `restart_frames` (outside a transaction)."""
        if self.frames >= self.restart_frames:
            self.frames = 0
            connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
            self.restarts += 1

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(10)

    def _run(self) -> None:
        raw = self.engine.raw_connection()
        try:
            while not self._stopping.wait(self.every):
                self.frames = _checkpoint(raw.driver_connection, self.frames)
        finally:
            raw.close()


def _checkpoint(connection: Any, frames: int) -> int:
    """A passive checkpoint; the frames in the WAL (`frames` again if it failed)."""
    try:
        _, logged, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error as exc:  # e.g. the file was removed; the next commit's RESTART tells
        log.warning("WAL checkpoint failed: %s", exc)
        return frames
    return int(logged)


def _no_checkpoint_at_commit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
