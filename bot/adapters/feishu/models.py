"""Feishu event wire models (PROTOCOLS §3.2): the envelope and `im.message.receive_v1`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.adapters.bounds import json_value
from bot.adapters.errors import PayloadError
from core.messages import InboundMessage

URL_VERIFICATION = "url_verification"
MESSAGE_RECEIVED = "im.message.receive_v1"
Model = TypeVar("Model", bound=BaseModel)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EventHeader(_Wire):
    """Schema 2.0 header; `event_id` is the same on every re-push of one event."""

    event_id: str = Field(min_length=1, max_length=200)
    event_type: str
    token: str = ""


class Envelope(_Wire):
    """A decrypted callback: a url_verification challenge or a schema 2.0 event."""

    type: str | None = None
    token: str | None = None
    challenge: str | None = None
    header: EventHeader | None = None
    event: dict[str, Any] | None = None


class UserIds(_Wire):
    """The ids Feishu gives a user; open_id is the one diaodu keeps."""

    open_id: str | None = Field(default=None, max_length=200)


class Sender(_Wire):
    """Who sent the message (`user`, or `app` for other bots)."""

    sender_id: UserIds = Field(default_factory=UserIds)
    sender_type: str = "user"


class MentionItem(_Wire):
    """A mention; the text holds its `key` (`@_user_1`) in its place."""

    key: str = Field(min_length=1)
    id: UserIds = Field(default_factory=UserIds)
    name: str = ""


class Message(_Wire):
    """The message itself; `content` is a JSON string whose shape depends on the type."""

    message_id: str = Field(min_length=1, max_length=200)
    chat_id: str = Field(min_length=1, max_length=200)
    chat_type: str
    message_type: str
    content: str = "{}"
    mentions: list[MentionItem] = Field(default_factory=list)


class MessageEvent(_Wire):
    """The `event` of `im.message.receive_v1`."""

    sender: Sender
    message: Message

    def text(self) -> str:
        """What the user typed, mention placeholders written back as `@name`."""
        text = _content_text(self.message.message_type, self.message.content)
        for mention in self.message.mentions:
            text = text.replace(mention.key, "@" + "".join(mention.name.split()))
        return text.strip()

    def to_inbound(self, bot: str, received_at: datetime) -> InboundMessage:
        """The platform-neutral message (Feishu identities are open_ids)."""
        message = self.message
        text = self.text()
        return InboundMessage(
            platform="feishu",
            bot=bot,
            chat_id=message.chat_id if message.chat_type == "group" else None,
            sender_id=self.sender.sender_id.open_id or "",
            text=text,
            mentions=tuple(m.id.open_id for m in message.mentions if m.id.open_id),
            msg_id=message.message_id,
            received_at=received_at,
            # an image, a file, a sticker, audio, or a post of images only
            unreadable=message.message_type != "text" and not text,
        )


def _content_text(message_type: str, content: str) -> str:
    try:
        data = json_value(content, "message content")
    except PayloadError:
        return ""
    if not isinstance(data, dict):
        return ""
    if message_type == "text":
        return str(data.get("text", ""))
    if message_type == "post":
        lines = [str(data.get("title") or "")]
        paragraphs = data.get("content")
        for paragraph in paragraphs if isinstance(paragraphs, list) else []:
            if isinstance(paragraph, list):
                lines.append("".join(_piece(item) for item in paragraph if isinstance(item, dict)))
        return "\n".join(line for line in lines if line)
    return ""  # pictures, files, stickers: the message is unreadable (see to_inbound)


def _piece(item: dict[str, Any]) -> str:
    if item.get("tag") == "at":
        return str(item.get("user_id") or "")  # the @_user_N key, replaced with the name later
    return str(item.get("text") or "")


def validate(model: type[Model], data: Any, what: str) -> Model:
    """`model` from `data`, or a PayloadError naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        raise PayloadError(f"not a Feishu {what}: {where}: {error['msg']}") from exc


def message_event(envelope: Envelope) -> MessageEvent | None:
    """The message of an `im.message.receive_v1` event from a user; None for anything else."""
    if envelope.header is None or envelope.header.event_type != MESSAGE_RECEIVED:
        return None
    event = validate(MessageEvent, envelope.event, "message event")
    if event.sender.sender_type != "user":
        return None
    if not event.sender.sender_id.open_id:
        raise PayloadError("message event without sender open_id")
    return event
