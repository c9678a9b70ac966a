from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadscore.errors import LeadscoreError
from leadscore.webhooks.signing import (
    SECRET_PREFIX,
    WebhookVerificationError,
    headers,
    new_secret,
    secret_key,
    sign,
    verify,
)

# The Standard Webhooks specification's published test vector.
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_signs_like_the_standard_webhooks_test_vector() -> None:
    assert sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY) == VECTOR_SIGNATURE


def test_verifies_the_test_vector_whatever_the_header_case() -> None:
    received = {
        "Webhook-Id": VECTOR_ID,
        "WEBHOOK-TIMESTAMP": str(VECTOR_TIMESTAMP),
        "webhook-signature": f"v1,bm90IGl0 {VECTOR_SIGNATURE}",
    }
    verify(VECTOR_SECRET, received, VECTOR_BODY, now=VECTOR_TIMESTAMP + 10)


def test_new_secrets_hold_32_random_bytes() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith(SECRET_PREFIX) and first != second
    assert len(secret_key(first)) == 32


@pytest.mark.parametrize("bad", ["whsec_", "whsec_***", "whsec_abc"])
def test_a_malformed_secret_is_refused(bad: str) -> None:
    with pytest.raises(LeadscoreError, match="secret"):
        secret_key(bad)


def _signed(body: bytes, at: int = 1_700_000_000) -> dict[str, str]:
    return headers(VECTOR_SECRET, "msg_1", at, body)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: h.pop("webhook-id"), "missing header webhook-id"),
        (lambda h: h.update({"webhook-timestamp": "soon"}), "not an integer"),
        (lambda h: h.update({"webhook-timestamp": "1699990000"}), "too far"),
        (lambda h: h.update({"webhook-id": "msg_2"}), "no matching"),
    ],
)
def test_tampered_headers_are_refused(change: object, message: str) -> None:
    received = _signed(b"{}")
    change(received)  # type: ignore[operator]
    with pytest.raises(WebhookVerificationError, match=message):
        verify(VECTOR_SECRET, received, b"{}", now=1_700_000_000)


@settings(max_examples=50, deadline=None)
@given(body=st.binary(max_size=200), flip=st.integers(min_value=0, max_value=199))
def test_any_changed_byte_breaks_the_signature(body: bytes, flip: int) -> None:
    received = _signed(body)
    verify(VECTOR_SECRET, received, body, now=1_700_000_000)
    if body:
        index = flip % len(body)
        tampered = body[:index] + bytes([body[index] ^ 1]) + body[index + 1 :]
        with pytest.raises(WebhookVerificationError):
            verify(VECTOR_SECRET, received, tampered, now=1_700_000_000)


def test_another_secret_does_not_verify() -> None:
    other = SECRET_PREFIX + base64.b64encode(b"x" * 32).decode()
    with pytest.raises(WebhookVerificationError):
        verify(other, _signed(b"{}"), b"{}", now=1_700_000_000)
