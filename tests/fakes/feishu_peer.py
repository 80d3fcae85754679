"""Feishu's side of an event subscription: the message event it sends, sealed with the Encrypt
Key and signed over the raw body as the docs describe (PROTOCOLS §3.2)."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from bot.adapters.feishu.crypto import encrypt_event
from tests.support.payloads import payload

# The app as the fake Feishu knows it, and its event-subscription keys.
APP = {"platform": "feishu", "app_key": "cli_fake_app", "app_secret": "fake-app-secret-0123456789"}
ENCRYPT_KEY = "feishu-encrypt-key"
TOKEN = "feishu-verification-token"


def challenge(token: str = TOKEN) -> dict[str, Any]:
    """The URL-verification request of the console."""
    return payload("feishu", "url_verification") | {"token": token}


def event(
    text: str,
    message_id: str = "om_1",
    event_id: str = "ev_1",
    open_id: str = "ou_owner",
    token: str = TOKEN,
    event_type: str = "im.message.receive_v1",
) -> dict[str, Any]:
    """A schema 2.0 message event @-mentioning the bot, as Feishu sends it."""
    body = payload("feishu", "message_event")
    body["header"].update(event_id=event_id, token=token, event_type=event_type)
    body["event"]["sender"]["sender_id"]["open_id"] = open_id
    message = body["event"]["message"]
    message["message_id"] = message_id
    message["content"] = json.dumps({"text": f"@_user_1 {text}"}, ensure_ascii=False)
    return body


def seal(content: Any, key: str = ENCRYPT_KEY) -> bytes:
    """An encrypted body, `{"encrypt": …}`."""
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return json.dumps({"encrypt": encrypt_event(text, key)}).encode()


def sign(body: bytes, key: str = ENCRYPT_KEY) -> dict[str, str]:
    """X-Lark-* headers over the raw body, computed here from the documented formula."""
    timestamp, nonce = str(int(time.time())), "1234567890"
    digest = hashlib.sha256((timestamp + nonce + key).encode() + body).hexdigest()
    return {
        "X-Lark-Request-Timestamp": timestamp,
        "X-Lark-Request-Nonce": nonce,
        "X-Lark-Signature": digest,
    }
