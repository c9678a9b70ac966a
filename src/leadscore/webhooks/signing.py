"""Standard Webhooks (https://www.standardwebhooks.com) signatures.

A message is signed as `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the
key being the base64 after `whsec_` in the subscription's secret. Receivers check the
signature and that the timestamp is recent, so a captured request cannot be replayed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Mapping

from leadscore.errors import LeadscoreError

SECRET_PREFIX = "whsec_"
#: Receivers refuse messages whose timestamp is further than this from their clock.
TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(LeadscoreError):
    """A webhook whose headers or signature do not check out."""


def new_secret() -> str:
    """A fresh `whsec_` secret holding 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key inside a `whsec_…` secret."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise LeadscoreError("a webhook secret is `whsec_` followed by base64") from None
    if not key:
        raise LeadscoreError("a webhook secret must not be empty")
    return key


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value for one message."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }


def verify(
    secret: str,
    received: Mapping[str, str],
    body: bytes,
    now: float,
    tolerance: int = TOLERANCE_SECONDS,
) -> None:
    """Raise WebhookVerificationError unless `received` headers sign `body` with `secret`.

    Header names are looked up case-insensitively; the signature header may hold several
    space-separated `v1,…` values (during a secret rotation), any one of which may match.
    """
    lowered = {name.lower(): value for name, value in received.items()}
    try:
        message_id = lowered["webhook-id"]
        stamp = lowered["webhook-timestamp"]
        signatures = lowered["webhook-signature"]
    except KeyError as missing:
        raise WebhookVerificationError(f"missing header {missing.args[0]}") from None
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError(f"webhook-timestamp {stamp!r} is not an integer") from None
    if abs(now - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too far from now")
    expected = sign(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in signatures.split()):
        raise WebhookVerificationError("no matching v1 signature")
