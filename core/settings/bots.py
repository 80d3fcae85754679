"""The [[bots]] and [[groups]] entries: inbound endpoints and push destinations."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from core.settings.hosts import (
    DINGTALK_NEW_API,
    PUBLIC_API,
    WECOM_LONGCONN,
    check_api_base,
    check_webhook,
    robot_url,
)
from core.settings.secrets import Secret
from core.settings.sections import Section

Platform = Literal["wecom", "dingtalk", "feishu", "local"]
DIRECT_PLATFORMS = frozenset({"feishu", "dingtalk", "wecom"})
"""Platforms whose apps send 1:1 messages here (`direct = true`)."""


class BotSettings(Section):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    """Endpoint name: the bot answers at /callback/{platform}/{name}."""
    platform: Platform
    """wecom | dingtalk | feishu | local"""
    kind: Literal["aibot", "app"] = "app"
    """wecom: aibot | app ; dingtalk: app ; feishu: app"""
    mode: Literal["callback", "longconn"] = "callback"
    """callback (platform calls us) or longconn (we hold a WebSocket)."""
    token: Secret | None = None
    """WeCom callback token."""
    encoding_aes_key: Secret | None = None
    """WeCom EncodingAESKey (43 characters)."""
    corp_id: str | None = None
    """WeCom corp id (app kind only)."""
    agent_id: int | None = None
    """WeCom app AgentId: needed for 1:1 app messages (direct)."""
    app_key: str | None = None
    """DingTalk AppKey / Feishu App ID / WeCom AI-bot BotID (longconn mode)."""
    app_secret: Secret | None = None
    """DingTalk AppSecret (also signs its callbacks) / Feishu App Secret / WeCom AI-bot Secret /
    WeCom app Secret (for 1:1 app messages)."""
    encrypt_key: Secret | None = None
    """Feishu event Encrypt Key."""
    verification_token: Secret | None = None
    """Feishu event Verification Token."""
    api_base: str | None = None
    """The platform's API host (政务微信 / 专有钉钉 / 政务钉钉 / private Feishu); unset: public."""
    session_webhook_hosts: list[str] = Field(default_factory=list)
    """DingTalk: further hosts a message's sessionWebhook may point at (besides api_base's)."""
    direct: bool = False
    """Send each leader (and each owner nudged) their own projects 1:1 through this app:
    Feishu's message API, DingTalk's robot 1:1 messages (needs app_key), a WeCom self-built
    app's messages (needs corp_id, agent_id, app_secret)."""

    @field_validator("api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        return check_api_base(value) if value else None

    @field_validator("session_webhook_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        bad = [host for host in hosts if not host or "/" in host or ":" in host]
        if bad:
            raise ValueError(f"session_webhook_hosts 只写主机名，如 oapi.example.gov.cn：{bad}")
        return [host.lower() for host in hosts]

    def api(self) -> str:
        """The origin of this bot's API calls."""
        return self.api_base or PUBLIC_API.get(self.platform, "")

    def dingtalk_new_api(self) -> str:
        """DingTalk: the origin of the v1.0 APIs and the Stream gateway."""
        return self.api_base or DINGTALK_NEW_API

    def longconn_origin(self) -> str:
        """WeCom AI bot: the http(s) origin of its WebSocket gateway."""
        return self.api_base or WECOM_LONGCONN

    def session_hosts(self) -> frozenset[str]:
        """DingTalk: the hosts a sessionWebhook of this bot may point at."""
        return frozenset({urlsplit(self.api()).hostname or "", *self.session_webhook_hosts})

    def _wecom_app_keys(self) -> bool:
        """A WeCom self-built app with what its message API needs."""
        keys = (self.corp_id, self.agent_id, self.app_secret)
        return self.kind == "app" and all(key is not None for key in keys)

    @model_validator(mode="after")
    def _platform_keys(self) -> BotSettings:
        if self.platform == "wecom" and self.mode == "longconn" and self.kind != "aibot":
            raise ValueError(
                f"企业微信机器人“{self.name}”：只有智能机器人 (kind = aibot) 支持长连接"
            )
        missing = [key for key in _required_bot_keys(self) if getattr(self, key) is None]
        if missing:
            raise ValueError(f"{self.platform} 机器人“{self.name}”缺少 {', '.join(missing)}")
        key = self.encoding_aes_key
        if key is not None and len(key.get_secret_value()) != 43:
            raise ValueError("encoding_aes_key 须为 43 个字符")
        if self.direct and self.platform not in DIRECT_PLATFORMS:
            raise ValueError(f"机器人“{self.name}”：本平台不能发送 1:1 消息（direct）")
        if self.direct and self.platform == "dingtalk" and self.app_key is None:
            raise ValueError(f"钉钉机器人“{self.name}”：1:1 消息（direct）需要 app_key")
        if self.direct and self.platform == "wecom" and not self._wecom_app_keys():
            raise ValueError(
                f"企业微信机器人“{self.name}”：1:1 消息（direct）需要自建应用（kind = app）的 "
                "corp_id、agent_id 和 app_secret"
            )
        if self.session_webhook_hosts and self.platform != "dingtalk":
            raise ValueError(f"机器人“{self.name}”：session_webhook_hosts 只用于钉钉")
        return self


def _required_bot_keys(bot: BotSettings) -> list[str]:
    if bot.platform == "wecom" and bot.mode == "longconn":
        # The AI bot's long connection authenticates with BotID + Secret, and has no crypto.
        return ["app_key", "app_secret"]
    if bot.platform == "wecom":
        return ["token", "encoding_aes_key"] + (["corp_id"] if bot.kind == "app" else [])
    if bot.platform == "dingtalk":
        return ["app_secret"] + (["app_key"] if bot.mode == "longconn" else [])
    if bot.platform == "feishu":
        return ["app_key", "app_secret"]
    return []


class GroupSettings(Section):
    name: str = Field(min_length=1)
    """The group's name as people know it."""
    platform: Platform
    """wecom | dingtalk | feishu | local"""
    role: str = Field(pattern=r"^(owners|leaders|office|unit:.+)$")
    """owners | leaders | office | unit:<单位>"""
    chat_id: str | None = None
    """The chat's id as the platform's callbacks name it (optional)."""
    webhook: str | None = None
    """The group robot's webhook URL."""
    secret: Secret | None = None
    """DingTalk / Feishu robot signing secret (optional)."""
    api_base: str | None = None
    """The robot's API host (政务微信 / 专有钉钉 / private Feishu); unset: the public one."""

    @field_validator("api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        return check_api_base(value) if value else None

    @field_validator("webhook")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        return check_webhook(value) if value else None

    def robot_url(self) -> str | None:
        """The URL pushes go to: the webhook on this robot's host, or None without one."""
        return robot_url(self.platform, self.webhook, self.api_base) if self.webhook else None
