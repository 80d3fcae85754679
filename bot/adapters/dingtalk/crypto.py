"""DingTalk signatures (PROTOCOLS §2.1, §2.2): app-robot callbacks and custom-robot webhooks."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

from bot.adapters.bounds import is_timestamp
from bot.adapters.errors import SignatureError, StaleTimestampError

# DingTalk refuses timestamps more than one hour from its clock, both ways.
MAX_SKEW_MS = 3_600_000


def compute_sign(secret: str, timestamp_ms: int | str) -> str:
    """base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), not URL-encoded."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify_callback(timestamp: str, sign: str, app_secret: str, now_ms: int) -> None:
    """Check an app-robot callback's `timestamp` and `sign` headers; raise if either fails."""
    # Bounded: int() of 5,000 digits fails on Python's digit limit instead of answering 403.
    if not is_timestamp(timestamp):
        raise SignatureError("timestamp header is missing or not a millisecond time")
    skew = abs(now_ms - int(timestamp))
    if skew > MAX_SKEW_MS:
        raise StaleTimestampError(f"timestamp is {skew} ms from now (limit {MAX_SKEW_MS})")
    expected = compute_sign(app_secret, timestamp)
    if not hmac.compare_digest(expected.encode(), sign.encode()):
        raise SignatureError("DingTalk sign header does not match")


def sign_webhook_url(webhook: str, secret: str, timestamp_ms: int) -> str:
    """The webhook URL with `&timestamp=...&sign=...` appended, sign URL-encoded exactly once."""
    base, _, query = webhook.partition("?")
    # Drop an earlier signature so re-signing never stacks parameters.
    kept = [p for p in query.split("&") if p and p.split("=", 1)[0] not in {"timestamp", "sign"}]
    kept += [f"timestamp={timestamp_ms}", f"sign={quote_plus(compute_sign(secret, timestamp_ms))}"]
    return f"{base}?{'&'.join(kept)}"
