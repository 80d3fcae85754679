"""DingTalk's side of a robot callback: the group message it posts (HTTP or as a Stream frame)
and the `timestamp`/`sign` headers, signed by dingtalkchatbot as an independent peer."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dingtalkchatbot.chatbot import DingtalkChatbot

from tests.support.payloads import payload

APP_SECRET = "ding-app-secret-0123456789"


def now_ms() -> int:
    """Real time in milliseconds, as DingTalk stamps messages."""
    return int(time.time() * 1000)


def peer_headers(secret: str = APP_SECRET, at_ms: int | None = None) -> dict[str, str]:
    """`timestamp` and `sign` headers, signed by dingtalkchatbot (an independent peer)."""
    peer = DingtalkChatbot("https://oapi.dingtalk.com/robot/send?access_token=x", secret=secret)
    peer.start_time = (now_ms() if at_ms is None else at_ms) / 1000
    peer.update_webhook()
    query = parse_qs(urlsplit(peer.webhook).query)  # decodes the sign exactly once
    return {"timestamp": query["timestamp"][0], "sign": query["sign"][0]}


def message(
    session_webhook: str,
    text: str,
    msg_id: str = "msgA1",
    sender: str = "user123",
    expires_in_ms: int = 5_400_000,
) -> dict[str, Any]:
    """A group message as DingTalk posts it (the doc's example, PROTOCOLS §2.2), sent now."""
    body = payload("dingtalk", "group_message")
    body.update(
        msgId=msg_id,
        senderStaffId=sender,
        sessionWebhookExpiredTime=now_ms() + expires_in_ms,
        createAt=now_ms(),
        sessionWebhook=session_webhook,
        text={"content": f" {text}"},  # the leading space is where the @mention was
    )
    return body


def callback_frame(data: dict[str, Any], message_id: str = "frame-1") -> dict[str, Any]:
    """A Stream CALLBACK frame carrying a robot message, as the gateway sends it (§2.3)."""
    frame = payload("dingtalk", "stream_callback")
    frame["headers"].update(messageId=message_id, time=str(now_ms()))
    frame["data"] = json.dumps(data, ensure_ascii=False)
    return frame
