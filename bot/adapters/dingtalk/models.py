"""DingTalk app-robot message (PROTOCOLS §2.2): the HTTP callback body and the Stream `data`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from bot.adapters.bounds import MAX_TIMESTAMP_DIGITS, check_depth
from bot.adapters.errors import PayloadError
from core.messages import InboundMessage

GROUP = "2"  # conversationType: "1" is a 1:1 chat, "2" a group


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class AtUser(_Wire):
    """Someone @-mentioned in the message (the robot itself included)."""

    dingtalk_id: str | None = None
    staff_id: str | None = None


class TextContent(_Wire):
    """`text` of a text message; the robot's own @-mention is already cut out."""

    content: str = ""


class ChatbotMessage(_Wire):
    """One message to the robot, as the callback body or a Stream frame's data."""

    msg_id: str = Field(min_length=1, max_length=200)
    msgtype: str = Field(min_length=1)
    conversation_id: str = Field(min_length=1, max_length=200)
    conversation_type: str
    sender_id: str = Field(min_length=1, max_length=200)
    sender_staff_id: str | None = Field(default=None, max_length=200)
    sender_nick: str | None = None
    chatbot_user_id: str | None = None
    at_users: list[AtUser] = Field(default_factory=list)
    is_in_at_list: bool = False
    text: TextContent | None = None
    content: dict[str, Any] | None = None
    session_webhook: str | None = None
    # a millisecond time; stored with the message, where a 20-digit one could not be written
    session_webhook_expired_time: int | None = Field(
        default=None, ge=0, lt=10**MAX_TIMESTAMP_DIGITS
    )

    @property
    def sender(self) -> str:
        """The sender's userid: senderStaffId, since senderId is an encrypted per-robot id."""
        return self.sender_staff_id or self.sender_id

    @property
    def chat_id(self) -> str | None:
        """The group's conversation id, or None in a 1:1 chat."""
        return self.conversation_id if self.conversation_type == GROUP else None

    def plain_text(self) -> str:
        """What the user typed: text, or the text parts of rich text; empty for pictures."""
        if self.msgtype == "text" and self.text is not None:
            return self.text.content.strip()
        if self.msgtype == "richText" and self.content:
            parts = self.content.get("richText")
            if not isinstance(parts, list):
                return ""
            return "\n".join(
                p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)
            )
        return ""

    def session_alive(self, now_ms: int) -> bool:
        """Whether the reply webhook of this message can still be used."""
        expires = self.session_webhook_expired_time
        return bool(self.session_webhook) and expires is not None and expires > now_ms

    def to_inbound(self, bot: str, received_at: datetime) -> InboundMessage:
        """The platform-neutral message."""
        mentions = tuple(
            user.staff_id or user.dingtalk_id or ""
            for user in self.at_users
            if user.dingtalk_id != self.chatbot_user_id
        )
        return InboundMessage(
            platform="dingtalk",
            bot=bot,
            chat_id=self.chat_id,
            sender_id=self.sender,
            sender_name=self.sender_nick,
            text=self.plain_text(),
            mentions=tuple(m for m in mentions if m),
            # DingTalk cuts the robot's own @ out of the text; it says so here instead
            addressed=self.is_in_at_list
            or (
                self.chatbot_user_id is not None
                and any(user.dingtalk_id == self.chatbot_user_id for user in self.at_users)
            ),
            msg_id=self.msg_id,
            received_at=received_at,
            # a picture, a file, a voice message or rich text of pictures only
            unreadable=self.msgtype != "text" and not self.plain_text(),
        )


def parse_message(data: bytes | dict[str, Any]) -> ChatbotMessage:
    """Validate a callback body (raw JSON bytes) or a Stream frame's data; raise PayloadError."""
    try:
        if isinstance(data, bytes):
            check_depth(data)
            return ChatbotMessage.model_validate_json(data)
        return ChatbotMessage.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        raise PayloadError(f"not a DingTalk robot message: {where}: {error['msg']}") from exc
