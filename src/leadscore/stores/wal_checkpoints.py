"""SQLite WAL checkpoints off the committing thread, for a process that writes without
pause (the API's ingest writer).

By default the connection whose commit takes the WAL past 1,000 pages checkpoints it there
and then: it copies the pages into the database file and syncs both files, and those
syncs hold that commit for milliseconds (on the benchmark machine, several percent of
single-event ingest throughput and half its p99 latency). With a WalCheckpointer the
store's connections never checkpoint at commit. A thread does it instead, in PASSIVE mode,
which never blocks a writer; the copying and syncing run without the GIL.

A passive checkpoint cannot rewind a WAL that never stops growing, so once the WAL has
passed `restart_frames` the thread also asks for a RESTART, waiting at most `patience`
seconds: meanwhile writers wait (for the few pages the passive ones left) and so does the
thread for readers still on the WAL (another process's long read, say). If they do not
finish in time it gives up and tries again later; the WAL grows meanwhile, as it would
with SQLite's own checkpoints.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger("leadscore.stores.wal_checkpoints")


class WalCheckpointer:
    """The checkpoint thread of one engine's database; `stop` ends it."""

    def __init__(
        self,
        engine: Engine,
        every: float = 0.2,
        restart_frames: int = 16_000,
        patience: float = 0.05,
    ) -> None:
        self.engine = engine
        self.every = every
        self.restart_frames = restart_frames
        self.patience = patience
        self.restarts = 0
        self._stopping = threading.Event()
        event.listen(engine, "connect", _no_checkpoint_at_commit)
        engine.dispose()  # a pooled connection made before would still checkpoint at commit
        self._thread = threading.Thread(
            target=self._run, name="leadscore-wal-checkpoints", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(10)

    def _run(self) -> None:
        raw = self.engine.raw_connection()
        try:
            connection = raw.driver_connection
            connection.execute(f"PRAGMA busy_timeout={int(self.patience * 1000)}")
            while not self._stopping.wait(self.every):
                frames = _checkpoint(connection, "PASSIVE")
                if frames >= self.restart_frames and _checkpoint(connection, "RESTART") == 0:
                    self.restarts += 1
        finally:
            raw.close()


def _checkpoint(connection: Any, mode: str) -> int:
    """Frames left in the WAL after a checkpoint in `mode`: 0 once a RESTART succeeded,
    -1 when it failed (busy, or not in WAL mode)."""
    try:
        busy, logged, _ = connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    except sqlite3.Error as exc:  # e.g. the file was removed under it
        log.warning("WAL checkpoint failed: %s", exc)
        return -1
    if busy:
        return -1
    return 0 if mode == "RESTART" else int(logged)


def _no_checkpoint_at_commit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
