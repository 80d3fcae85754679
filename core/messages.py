"""Platform-neutral messages: what every adapter fills in and what handlers answer."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.text import storable

PlatformName = Literal["wecom", "dingtalk", "feishu", "local"]


class InboundMessage(BaseModel):
    """One chat message addressed to the bot, as any platform delivers it."""

    model_config = ConfigDict(frozen=True)

    platform: PlatformName
    bot: str
    chat_id: str | None
    """The group's id, or None for a 1:1 chat."""
    sender_id: str
    """The sender's platform identity (for the local adapter: the ledger mobile)."""
    sender_name: str | None = None
    text: str
    mentions: tuple[str, ...] = ()
    addressed: bool = False
    """The platform says the message @'s the bot (a group message opening with `@…` is read as
    addressed without it)."""
    msg_id: str
    received_at: datetime
    unreadable: bool = False
    """The message holds nothing the bot reads (a picture, a file, a sticker): it is told that
    it reads text only, as WeCom's adapter tells such messages itself."""

    @field_validator("bot", "chat_id", "sender_id", "sender_name", "text", "msg_id")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        # Whatever a platform sends is stored: NUL and other controls never reach a database.
        return storable(value) if value else value


class Mention(BaseModel):
    """Someone to @ in an outbound message; adapters pick the field their platform needs."""

    model_config = ConfigDict(frozen=True)

    name: str
    mobile: str | None = None
    user_id: str | None = None

    def written(self) -> re.Pattern[str]:
        """`@name` as a template writes it: not the start of a longer name (`@张伟明`)."""
        return re.compile(rf"@{re.escape(self.name)}(?=[\s，,。；;、：:）)]|$)")

    def written_in(self, text: str) -> bool:
        """Whether `text` names this person where the mention belongs."""
        return bool(self.written().search(text))


class Reply(BaseModel):
    """What a handler answers: a template and its data (rendered later, per platform)."""

    template: str
    data: dict[str, Any] = Field(default_factory=dict)
    mentions: tuple[Mention, ...] = ()
    budget: str | None = None
    """Whose phone budget ([messages]) the text must fit (`replies` for the long replies)."""


class OutboundMessage(BaseModel):
    """A rendered message for one destination (a reply or a push)."""

    text: str
    title: str = ""
    mentions: tuple[Mention, ...] = ()
    image_png_base64: str | None = None
    """A PNG to send as an image message (platforms that take images), base64-encoded."""
