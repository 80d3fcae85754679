"""The local adapter: the chat simulator's JSON in, plain text out (SPEC §7)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.messages import InboundMessage, OutboundMessage


class LocalPayload(BaseModel):
    """`POST /callback/local` body."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    msg_id: str = Field(min_length=1, max_length=200)
    chat_id: str | None = Field(default=None, max_length=200)
    user_id: str = Field(min_length=1, max_length=50)
    text: str


class LocalPayloadError(ValueError):
    """The body is not a valid local message; the text says which field."""


def parse(body: bytes, now: datetime) -> InboundMessage:
    """Turn a request body into an InboundMessage or raise LocalPayloadError."""
    try:
        payload = LocalPayload.model_validate_json(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        raise LocalPayloadError(f"{where}: {error['msg']}") from exc
    return InboundMessage(
        platform="local",
        bot="local",
        chat_id=payload.chat_id or None,
        sender_id=payload.user_id,
        text=payload.text,
        msg_id=payload.msg_id,
        received_at=now,
    )


def render(messages: list[OutboundMessage]) -> dict[str, list[dict[str, str]]]:
    """The response body: `{"replies": [{"text": …}]}`, mentions written into the text."""
    return {"replies": [{"text": _with_mentions(message)} for message in messages]}


def _with_mentions(message: OutboundMessage) -> str:
    left = [m for m in message.mentions if not m.written_in(message.text)]
    if not left:
        return message.text
    names = " ".join(f"@{mention.name}" for mention in left)
    return f"{message.text}\n{names}"
