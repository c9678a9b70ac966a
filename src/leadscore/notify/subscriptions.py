"""Webhook subscriptions as the facade offers them: create (secret shown here), list,
delete; each change goes into the audit log in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from leadscore.domain.timeutil import now_utc
from leadscore.domain.webhook import Delivery, Subscription
from leadscore.errors import LeadscoreError, NotFoundError
from leadscore.notify.dispatcher import Dispatcher, retry_policy
from leadscore.stores.sql_store import SqlStore, Transaction
from leadscore.webhooks.notifications import EVENT_KINDS
from leadscore.webhooks.signing import new_secret


class WebhookAdmin:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def create(self, url: str, events: Sequence[str], actor: str) -> Subscription:
        """A new active subscription; its `secret` is returned here and to admins only."""
        with self.store.transaction() as tx:
            return self.create_in(tx, url, events, actor)

    @staticmethod
    def create_in(tx: Transaction, url: str, events: Sequence[str], actor: str) -> Subscription:
        """`create` in the caller's transaction: the facade's, which holds the request's
        Idempotency-Key claim, so the subscription and the claim commit (or vanish) together."""
        subscription = Subscription(
            subscription_id="wh_" + secrets.token_hex(8),
            url=check_url(url),
            events=check_events(events),
            secret=new_secret(),
            active=True,
            created_at=now_utc(),
            created_by=actor,
        )
        tx.subscriptions.add(subscription)
        tx.audit.append(
            subscription.created_at,
            actor,
            "webhook.created",
            f"webhook:{subscription.subscription_id}",
            None,
            _described(subscription),
        )
        return subscription

    def dispatcher(self, environ: Mapping[str, str] | None = None, **options: Any) -> Dispatcher:
        """A dispatcher over this store (not started): see notify/dispatcher.py. Its retry
        policy comes from `environ` (LEADSCORE_WEBHOOK_RETRY_BASE / _ATTEMPTS) if given."""
        if environ is not None:
            options.setdefault("policy", retry_policy(environ))
        return Dispatcher(self.store, **options)

    def list(self) -> list[Subscription]:
        with self.store.transaction() as tx:
            return tx.subscriptions.all()

    def get(self, subscription_id: str) -> Subscription:
        with self.store.transaction() as tx:
            found = tx.subscriptions.get(subscription_id)
        if found is None:
            raise NotFoundError(f"no webhook subscription with id {subscription_id!r}")
        return found

    def deliveries(self, subscription_id: str) -> list[Delivery]:
        self.get(subscription_id)
        with self.store.transaction() as tx:
            return tx.outbox.all(subscription_id)

    def delete(self, subscription_id: str, actor: str) -> None:
        """Remove it with every delivery queued for it."""
        with self.store.transaction() as tx:
            found = tx.subscriptions.get(subscription_id)
            if found is None:
                raise NotFoundError(f"no webhook subscription with id {subscription_id!r}")
            tx.subscriptions.delete(subscription_id)
            tx.audit.append(
                now_utc(),
                actor,
                "webhook.deleted",
                f"webhook:{subscription_id}",
                _described(found),
                None,
            )


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host; redirects are never followed, so this is
    where every delivery goes."""
    parts = urlsplit(url.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise LeadscoreError(f"url: expected an absolute http(s) URL, got {url!r}")
    if len(url) > 2000:
        raise LeadscoreError("url: longer than 2000 characters")
    return url.strip()


def check_events(events: Sequence[str]) -> tuple[str, ...]:
    unknown = [kind for kind in events if kind not in EVENT_KINDS]
    if unknown or not events:
        raise LeadscoreError(
            f"events: expected one or more of {', '.join(EVENT_KINDS)}; "
            f"got {', '.join(map(repr, unknown)) or 'none'}"
        )
    return tuple(dict.fromkeys(events))


def _described(subscription: Subscription) -> dict[str, object]:
    """What the audit log keeps of a subscription: the receiver's host, not the whole URL
    (some receivers put a token in the path or query), and never the secret."""
    parts = urlsplit(subscription.url)
    host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    return {"host": host, "events": list(subscription.events)}
