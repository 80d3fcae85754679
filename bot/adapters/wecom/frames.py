"""Frames of the AI bot's WebSocket long connection (PROTOCOLS §1.3 b).

Command names and request ids come from the official SDK (`wecom-aibot-python-sdk`), so the
wire vocabulary follows WeCom's own client; the connection loop itself is ours (longconn.py).
"""

from __future__ import annotations

from typing import Any

from aibot import WsCmd, generate_req_id
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.adapters.bounds import json_value, one_line
from bot.adapters.errors import PayloadError

CALLBACKS = (WsCmd.CALLBACK, WsCmd.EVENT_CALLBACK)
"""Commands that carry a message or an event for the bot to answer."""


class SubscribeRefusedError(Exception):
    """The gateway refused the BotID/Secret."""


class Headers(BaseModel):
    """`headers`: the request id that ties an answer or an ack to its frame."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    req_id: str = Field(default="", max_length=200)


class Frame(BaseModel):
    """One frame off the socket: a callback (`cmd` set) or an ack (`errcode` set)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    cmd: str = ""
    headers: Headers = Field(default_factory=Headers)
    body: dict[str, Any] | None = None
    errcode: int | None = None
    errmsg: str = ""

    @property
    def req_id(self) -> str:
        """The frame's request id ("" when absent)."""
        return self.headers.req_id


def parse(raw: str | bytes) -> Frame:
    """A frame from the socket's text; PayloadError when it is not one."""
    try:
        return Frame.model_validate(json_value(raw, "frame"))
    except ValidationError as exc:
        raise PayloadError(f"not a long-connection frame: {one_line(exc)}") from exc


def subscribe(bot_id: str, secret: str) -> dict[str, Any]:
    """The first frame of every connection: authenticate as one bot."""
    return {
        "cmd": WsCmd.SUBSCRIBE,
        "headers": {"req_id": generate_req_id(WsCmd.SUBSCRIBE)},
        "body": {"bot_id": bot_id, "secret": secret},
    }


def ping() -> dict[str, Any]:
    """The application-level heartbeat the gateway expects every 30 s."""
    return {"cmd": WsCmd.HEARTBEAT, "headers": {"req_id": generate_req_id(WsCmd.HEARTBEAT)}}


def respond(req_id: str, body: dict[str, Any], cmd: str = WsCmd.RESPONSE) -> dict[str, Any]:
    """The answer to a callback: `body` is the same plaintext the URL callback replies with."""
    return {"cmd": cmd, "headers": {"req_id": req_id}, "body": body}


def check_subscribed(ack: Frame) -> None:
    """Raise SubscribeRefusedError unless `ack` accepts the subscription."""
    if ack.errcode != 0:
        raise SubscribeRefusedError(f"errcode={ack.errcode} errmsg={ack.errmsg!r}")
