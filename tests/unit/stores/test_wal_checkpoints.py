"""Checkpoints in a thread (stores/wal_checkpoints.py): commits no longer checkpoint, the
WAL is still copied into the database and rewound, so it stays bounded, and nothing
written is lost."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leadscore.domain.event import Event
from leadscore.service import LeadService
from leadscore.stores.wal_checkpoints import WalCheckpointer

START = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_busy_writer_keeps_a_bounded_wal_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    service = LeadService.open(str(db))
    service.init()
    store = service.store
    store.checkpoints = WalCheckpointer(store.engine, every=0.005, restart_frames=40)
    checkpoints = store.checkpoints
    wal = Path(f"{db}-wal")
    largest = 0
    for n in range(400):
        event = Event(f"e{n}", f"L{n % 25}", "page_view", START + timedelta(hours=n), {})
        service.realtime.ingest([event])
        largest = max(largest, wal.stat().st_size)
        if n % 50 == 0:
            time.sleep(0.02)  # let the thread catch up now and then, as between bursts
    with store.transaction(keep=True) as tx:
        mode = tx.connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert tx.events.count() == 400
    assert mode == 0  # commits leave checkpoints to the thread
    assert checkpoints.restarts > 0
    assert largest < 4096 * 400  # without the rewinds it would hold every commit's pages
    store.close()
    assert not checkpoints._thread.is_alive()
    reopened = LeadService.open(str(db))
    with reopened.store.transaction() as tx:
        assert tx.events.count() == 400 and tx.leads.count() == 25
    reopened.store.close()
