"""A chat message as storage.repos.inbound.accept stores it, for tests of the storage layer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

RECEIVED = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)


def inbound_row(msg_id: str, reply_to: dict[str, str] | None = None) -> dict[str, Any]:
    """The columns of a report received from the local simulator, under `msg_id`."""
    return {
        "platform": "local",
        "bot": "local",
        "platform_msg_id": msg_id,
        "chat_id": "owners",
        "sender": "13800000000",
        "text": "进度 物流园\n本年累计完成：1.2亿",
        "received_at": RECEIVED,
        "reply_to": reply_to,
    }
