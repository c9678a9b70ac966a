"""Checkpoints in a thread (stores/wal_checkpoints.py): commits no longer checkpoint, the
thread still copies the WAL into the database and rewinds it, a reader that holds the WAL
makes it give up for a while rather than stall the writer, and nothing written is lost."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leadscore.domain.event import Event
from leadscore.service import LeadService
from leadscore.stores.wal_checkpoints import WalCheckpointer

START = datetime(2026, 11, 1, tzinfo=UTC)


def _busy(tmp_path: Path) -> tuple[LeadService, WalCheckpointer, Path]:
    db = tmp_path / "busy.db"
    service = LeadService.open(str(db))
    service.init()
    store = service.store
    store.checkpoints = WalCheckpointer(store.engine, every=0.005, restart_frames=40)
    return service, store.checkpoints, db


def _ingest(service: LeadService, first: int, count: int) -> float:
    """Ingest `count` events one request at a time; the slowest request's seconds."""
    slowest = 0.0
    for n in range(first, first + count):
        event = Event(f"e{n}", f"L{n % 25}", "page_view", START + timedelta(hours=n), {})
        began = time.perf_counter()
        service.realtime.ingest([event])
        slowest = max(slowest, time.perf_counter() - began)
    return slowest


def test_commits_leave_checkpoints_to_the_thread_and_lose_nothing(tmp_path: Path) -> None:
    service, checkpoints, db = _busy(tmp_path)
    _ingest(service, 0, 300)
    time.sleep(0.1)
    with service.store.transaction(keep=True) as tx:
        mode = tx.connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert mode == 0
    assert checkpoints.restarts > 0
    service.store.close()
    assert not checkpoints._thread.is_alive()
    reopened = LeadService.open(str(db))
    with reopened.store.transaction() as tx:
        assert tx.events.count() == 300 and tx.leads.count() == 25
    reopened.store.close()


def test_a_reader_holding_the_wal_delays_the_rewind_not_the_writer(tmp_path: Path) -> None:
    service, checkpoints, db = _busy(tmp_path)
    _ingest(service, 0, 50)
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 50  # holds a snapshot
    restarts = checkpoints.restarts
    slowest = _ingest(service, 50, 200)
    assert slowest < 1.0  # each RESTART gives up after `patience` (0.05 s), the writer goes on
    assert checkpoints.restarts == restarts  # nothing rewound under the reader
    reader.execute("COMMIT")
    reader.close()
    _ingest(service, 250, 100)
    time.sleep(0.1)
    assert checkpoints.restarts > restarts  # rewinding again
    service.store.close()
