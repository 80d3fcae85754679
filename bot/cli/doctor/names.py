"""How the doctor names platforms, bots and groups in its lines."""

from __future__ import annotations

from core.settings import BotSettings, GroupSettings

PLATFORMS = {"wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书", "local": "本地"}


def bot_name(bot: BotSettings) -> str:
    """`机器人“wx”（企业微信）`."""
    return f"机器人“{bot.name}”（{PLATFORMS[bot.platform]}）"


def group_name(group: GroupSettings) -> str:
    """`群“城区项目责任人群”（钉钉）`."""
    return f"群“{group.name}”（{PLATFORMS[group.platform]}）"
