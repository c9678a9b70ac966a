"""The dispatcher: delivers due outbox rows, records each attempt, retries with backoff.

State lives in the database only (pending rows, attempts, next attempt time, a lease per
claimed row), so deliveries survive a restart and several servers can run a dispatcher
each: a row is claimed by one of them at a time, and a lease that runs out (its
dispatcher died mid-delivery) lets another take the row again. That is at-least-once
delivery: receivers deduplicate on `webhook-id`.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import httpx

from leadscore.domain.timeutil import now_utc
from leadscore.domain.webhook import Delivery, Subscription
from leadscore.errors import LeadscoreError
from leadscore.notify.sender import Attempt, send
from leadscore.stores.sql_store import SqlStore, Transaction
from leadscore.webhooks.retry import Outcome, RetryPolicy, outcome_of, parse_retry_after

log = logging.getLogger("leadscore.webhooks")

#: Settled deliveries (delivered, failed, cancelled) are kept this long, then forgotten.
KEEP_SETTLED = timedelta(days=30)
PRUNE_EVERY = timedelta(hours=1)


class Dispatcher:
    def __init__(
        self,
        store: SqlStore,
        policy: RetryPolicy | None = None,
        *,
        interval: float = 1.0,
        lease: timedelta = timedelta(minutes=2),
        batch: int = 20,
        workers: int = 4,
        timeout: float = 10.0,
        rng: random.Random | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.store = store
        self.policy = policy or RetryPolicy()
        self.interval = interval
        self.lease = lease
        self.batch = batch
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._client = httpx.Client(follow_redirects=False, timeout=timeout, transport=transport)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="webhook")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pruned_at: datetime | None = None

    # --- running ------------------------------------------------------------------------
    def start(self) -> None:
        """Deliver in a background thread until `stop()`."""
        self._thread = threading.Thread(target=self._loop, name="webhook-dispatcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Finish the deliveries in flight, then stop; rows not yet sent stay pending."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._pool.shutdown(wait=True)
        self._client.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once() if self.store.ready() else 0
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("webhook dispatcher: a round failed; retrying")
                sent = 0
            if sent == 0:
                self._stop.wait(self.interval)

    def run_once(self) -> int:
        """Claim the due rows (up to `batch`), deliver them, record the outcomes."""
        self._prune()
        token = secrets.token_hex(8)  # one per claim: only these rows are ours to settle
        with self.store.transaction() as tx:
            claimed = tx.outbox.claim(now_utc(), self.lease, token, self.batch)
            subscriptions = {item.subscription_id: item for item in tx.subscriptions.all()}
        futures = [
            self._pool.submit(self._deliver, token, item, subscriptions.get(item.subscription_id))
            for item in claimed
        ]
        for future in futures:
            future.result()
        return len(claimed)

    def _prune(self) -> None:
        """Once an hour, forget deliveries settled more than KEEP_SETTLED ago."""
        now = now_utc()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        with self.store.transaction() as tx:
            tx.outbox.prune(now - KEEP_SETTLED)

    # --- one delivery -------------------------------------------------------------------
    def _deliver(self, token: str, delivery: Delivery, subscription: Subscription | None) -> None:
        if subscription is None or not subscription.active:
            with self.store.transaction() as tx:
                tx.outbox.cancelled(delivery.id, token, None, "subscription inactive")
            return
        attempt = send(self._client, subscription, delivery, now_utc())
        with self.store.transaction() as tx:
            self._record(tx, token, delivery, attempt)

    def _record(self, tx: Transaction, token: str, delivery: Delivery, attempt: Attempt) -> None:
        now = now_utc()
        outcome = outcome_of(attempt.status)
        if outcome is Outcome.DELIVERED:
            tx.outbox.delivered(delivery.id, token, attempt.status or 200, now)
            return
        log.warning(
            "webhook %s delivery %s attempt %d failed: %s",
            delivery.subscription_id,
            delivery.id,
            delivery.attempts + 1,
            attempt.error,
        )
        if outcome is Outcome.DISABLE:
            tx.outbox.cancelled(delivery.id, token, attempt.status, attempt.error)
            _disable(tx, delivery.subscription_id, now)
            return
        asked = parse_retry_after(attempt.retry_after, now)
        with self._rng_lock:
            wait = self.policy.delay(delivery.attempts + 1, self._rng, asked)
        if wait is None:
            tx.outbox.failed(delivery.id, token, attempt.status, attempt.error or "")
        else:
            when = now + timedelta(seconds=wait)
            tx.outbox.retry_at(delivery.id, token, attempt.status, attempt.error or "", when)


def _disable(tx: Transaction, subscription_id: str, now: datetime) -> None:
    """410 Gone: the receiver asked to be forgotten; stop sending and say so in the audit."""
    found = tx.subscriptions.get(subscription_id)
    if found is None or not found.active:
        return
    reason = "the receiver answered 410 Gone"
    tx.subscriptions.disable(subscription_id, now, reason)
    tx.audit.append(
        now,
        "dispatcher",
        "webhook.disabled",
        f"webhook:{subscription_id}",
        {"active": True},
        {"active": False, "reason": reason},
    )


def retry_policy(environ: Mapping[str, str]) -> RetryPolicy:
    """The retry policy an operator set: LEADSCORE_WEBHOOK_RETRY_BASE (seconds) and
    LEADSCORE_WEBHOOK_ATTEMPTS, each defaulting to RetryPolicy's."""
    default = RetryPolicy()
    try:
        base = float(environ.get("LEADSCORE_WEBHOOK_RETRY_BASE", default.base))
        attempts = int(environ.get("LEADSCORE_WEBHOOK_ATTEMPTS", default.max_attempts))
    except ValueError as exc:
        raise LeadscoreError(f"bad webhook retry setting: {exc}") from None
    if not (0 < base <= default.max_delay) or attempts < 1:
        raise LeadscoreError(
            "LEADSCORE_WEBHOOK_RETRY_BASE must be in (0, 21600] seconds and "
            "LEADSCORE_WEBHOOK_ATTEMPTS at least 1"
        )
    return RetryPolicy(base=base, max_attempts=attempts)
