"""How the doctor names platforms, bots and groups in its lines."""

from __future__ import annotations

from core.settings import BotSettings, GroupSettings
from domain.display import PLATFORM_NAMES


def bot_name(bot: BotSettings) -> str:
    """`机器人“wx”（企业微信）`."""
    return f"机器人“{bot.name}”（{PLATFORM_NAMES[bot.platform]}）"


def group_name(group: GroupSettings) -> str:
    """`群“城区项目责任人群”（钉钉）`."""
    return f"群“{group.name}”（{PLATFORM_NAMES[group.platform]}）"
