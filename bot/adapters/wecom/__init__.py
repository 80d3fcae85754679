"""WeCom (企业微信): AI-bot and app callbacks, AI-bot long connection, group-robot pushes (§1)."""

from __future__ import annotations

from bot.adapters.base import Callback
from bot.adapters.wecom.inbound import aibot_callback, app_callback
from bot.adapters.wecom.late import deliver_late
from bot.adapters.wecom.longconn import long_connection
from bot.adapters.wecom.outbound import OUTBOUND, PLAIN_OUTBOUND

CALLBACKS: dict[str, Callback] = {"aibot": aibot_callback, "app": app_callback}
"""The callback view for each `kind` of a `platform = "wecom"` bot."""

__all__ = [
    "CALLBACKS",
    "OUTBOUND",
    "PLAIN_OUTBOUND",
    "deliver_late",
    "long_connection",
]
