"""Wire models of decrypted WeCom callbacks: AI-bot JSON (§1.3) and app XML (§1.2)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

TEXT_TYPES = ("text", "voice", "mixed")
"""AI-bot message types that carry something the bot can read."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class AiBotSender(_Wire):
    """`from`: who sent the message."""

    userid: str = Field(min_length=1, max_length=100)
    corpid: str | None = None


class AiBotText(_Wire):
    """`text` (or `voice`, whose content is the speech recognised as text)."""

    content: str = ""


class AiBotItem(_Wire):
    """One part of a `mixed` message (text or image)."""

    msgtype: str
    text: AiBotText | None = None


class AiBotMixed(_Wire):
    """`mixed`: text and images in one message."""

    msg_item: list[AiBotItem] = Field(default_factory=list)


class AiBotEvent(_Wire):
    """`event`: enter_chat, template_card_event, feedback_event."""

    eventtype: str


class AiBotMessage(_Wire):
    """The decrypted JSON of one AI-bot callback."""

    msgid: str = Field(default="", max_length=200)
    aibotid: str | None = None
    chatid: str | None = Field(default=None, max_length=200)
    chattype: str = "single"
    sender: AiBotSender | None = Field(default=None, alias="from")
    response_url: str | None = None
    msgtype: str
    text: AiBotText | None = None
    voice: AiBotText | None = None
    mixed: AiBotMixed | None = None
    event: AiBotEvent | None = None

    def readable_text(self) -> str | None:
        """What the sender wrote, or None for messages with no text (images, files, events)."""
        if self.msgtype == "text" and self.text is not None:
            return self.text.content
        if self.msgtype == "voice" and self.voice is not None:
            return self.voice.content
        if self.msgtype == "mixed" and self.mixed is not None:
            parts = [item.text.content for item in self.mixed.msg_item if item.text is not None]
            return "\n".join(parts) if parts else None
        return None

    @property
    def group_id(self) -> str | None:
        """The group's chatid, or None in a 1:1 chat."""
        return self.chatid if self.chattype == "group" and self.chatid else None


class AppMessage(_Wire):
    """The decrypted XML of one self-built-app callback (top-level fields only)."""

    to_user: str = Field(alias="ToUserName", min_length=1)
    from_user: str = Field(alias="FromUserName", min_length=1, max_length=100)
    create_time: int = Field(alias="CreateTime")
    msg_type: str = Field(alias="MsgType", min_length=1)
    content: str | None = Field(default=None, alias="Content")
    msg_id: str | None = Field(default=None, alias="MsgId", max_length=200)
    agent_id: str | None = Field(default=None, alias="AgentID")
    event: str | None = Field(default=None, alias="Event")
