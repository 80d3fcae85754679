"""DingTalk signing against the vectors (PROTOCOLS §2.4) and dingtalkchatbot as a peer."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dingtalkchatbot.chatbot import DingtalkChatbot

from bot.adapters.dingtalk.crypto import (
    MAX_SKEW_MS,
    compute_sign,
    sign_webhook_url,
    verify_callback,
)
from bot.adapters.errors import SignatureError, StaleTimestampError
from tests.support.payloads import payload

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc123"

# (secret, timestamp ms, sign, URL-encoded sign): the first is lonelyman0108/cfst-ddns's
# published test; the other two are derived and contain "+", which must become %2B.
VECTORS = [
    (v["secret"], v["timestamp_ms"], v["sign"], v["sign_urlencoded"])
    for v in payload("dingtalk", "sign_vectors")
]


@pytest.mark.parametrize(("secret", "ts", "sign", "encoded"), VECTORS)
def test_webhook_url_matches_vectors(secret: str, ts: int, sign: str, encoded: str) -> None:
    assert compute_sign(secret, ts) == sign
    assert sign_webhook_url(WEBHOOK, secret, ts) == f"{WEBHOOK}&timestamp={ts}&sign={encoded}"


@pytest.mark.parametrize(("secret", "ts", "sign", "encoded"), VECTORS)
def test_webhook_url_matches_dingtalkchatbot(secret: str, ts: int, sign: str, encoded: str) -> None:
    peer = DingtalkChatbot(WEBHOOK, secret=secret)
    peer.start_time = ts / 1000
    peer.update_webhook()
    assert sign_webhook_url(WEBHOOK, secret, ts) == peer.webhook


def test_sign_is_encoded_exactly_once() -> None:
    secret, ts, sign, _ = VECTORS[1]
    query = parse_qs(urlsplit(sign_webhook_url(WEBHOOK, secret, ts)).query)
    assert query == {"access_token": ["abc123"], "timestamp": [str(ts)], "sign": [sign]}


def test_resigning_replaces_the_old_signature() -> None:
    secret, ts, _, encoded = VECTORS[0]
    stale = sign_webhook_url(WEBHOOK, secret, ts - 7_200_000)
    assert sign_webhook_url(stale, secret, ts) == f"{WEBHOOK}&timestamp={ts}&sign={encoded}"


def test_webhook_without_query_gets_one() -> None:
    secret, ts, _, encoded = VECTORS[0]
    signed = sign_webhook_url("https://example.invalid/hook", secret, ts)
    assert signed == f"https://example.invalid/hook?timestamp={ts}&sign={encoded}"


@pytest.mark.parametrize(("secret", "ts", "sign", "encoded"), VECTORS)
def test_callback_with_vector_headers_is_accepted(
    secret: str, ts: int, sign: str, encoded: str
) -> None:
    verify_callback(str(ts), sign, secret, now_ms=ts)


@pytest.mark.parametrize("offset", [MAX_SKEW_MS, -MAX_SKEW_MS])
def test_callback_exactly_one_hour_off_is_accepted(offset: int) -> None:
    secret, ts, sign, _ = VECTORS[1]
    verify_callback(str(ts), sign, secret, now_ms=ts + offset)


@pytest.mark.parametrize("offset", [MAX_SKEW_MS + 1, -MAX_SKEW_MS - 1])
def test_callback_beyond_one_hour_is_stale(offset: int) -> None:
    secret, ts, sign, _ = VECTORS[1]
    with pytest.raises(StaleTimestampError) as caught:
        verify_callback(str(ts), sign, secret, now_ms=ts + offset)
    assert caught.value.http_status == 403


@pytest.mark.parametrize(
    ("timestamp", "sign", "secret"),
    [
        ("1577262236757", VECTORS[2][2], "this is secret"),  # another robot's sign
        ("1577262236757", VECTORS[1][3], "this is secret"),  # URL-encoded header value
        ("1577262236758", VECTORS[1][2], "this is secret"),  # timestamp changed
        ("1577262236757", "", "this is secret"),
        ("", VECTORS[1][2], "this is secret"),
        ("15772622367e3", VECTORS[1][2], "this is secret"),
    ],
)
def test_callback_with_bad_sign_is_refused(timestamp: str, sign: str, secret: str) -> None:
    with pytest.raises(SignatureError) as caught:
        verify_callback(timestamp, sign, secret, now_ms=1577262236757)
    assert caught.value.http_status == 403
