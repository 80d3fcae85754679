"""Secrets present and well-formed, before anything is asked of a platform.

What can be told from the config alone: a WeCom EncodingAESKey that does not decode to an AES
key, a token WeCom would not accept, a DingTalk robot secret that is not one (they start with
SEC), a robot webhook that names no robot, a Feishu callback with nothing to verify it by, and
a long connection on a platform that has none.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bot.adapters.errors import ConfigError
from bot.adapters.wecom.crypto import WeComCrypto
from bot.cli.doctor.names import bot_name, group_name
from bot.cli.doctor.report import Finding, failed, passed
from core.settings import BotSettings, GroupSettings

LONG_CONNECTIONS = frozenset({"wecom", "dingtalk"})
_WECOM_TOKEN = re.compile(r"^[A-Za-z0-9]{3,32}$")


def bot_secrets(bot: BotSettings) -> Finding:
    """One bot's keys, as far as they can be judged without the platform."""
    name = bot_name(bot)
    if bot.mode == "longconn" and bot.platform not in LONG_CONNECTIONS:
        return failed(
            f"{name}：本程序不支持该平台的长连接",
            '请改为 mode = "callback" 并在平台上配置回调地址',
        )
    if bot.platform == "wecom" and bot.mode == "callback":
        problem = _wecom_problem(bot)
        if problem:
            return failed(f"{name}：{problem}", "请在企业微信后台的“接收消息”设置中复制后重填")
    unverified = bot.encrypt_key is None and bot.verification_token is None
    if bot.platform == "feishu" and bot.mode == "callback" and unverified:
        return failed(
            f"{name}：没有 encrypt_key 也没有 verification_token，回调无法验证",
            "请从飞书开放平台“事件与回调”页复制 Encrypt Key 填入 encrypt_key",
        )
    return passed(f"{name}：配置的密钥齐全、格式正确")


def _wecom_problem(bot: BotSettings) -> str:
    token = bot.token.get_secret_value() if bot.token else ""
    key = bot.encoding_aes_key.get_secret_value() if bot.encoding_aes_key else ""
    if not _WECOM_TOKEN.match(token):
        return "Token 须为 3—32 位英文字母或数字"
    receive_id = (bot.corp_id or "") if bot.kind == "app" else ""
    try:
        WeComCrypto(token, key, receive_id)
    except ConfigError:
        return "EncodingAESKey 不是有效的密钥（应为 43 位字母和数字，解码后为 32 字节）"
    return ""


def group_secrets(group: GroupSettings) -> Finding:
    """One group's robot webhook and signing secret, as written."""
    name = group_name(group)
    if group.webhook is None:
        fix = "请在群设置中添加群机器人，复制其 webhook"
        return failed(f"{name}：没有配置 webhook，推送无处可发", fix)
    problem = _webhook_problem(group)
    if problem:
        return failed(f"{name}：{problem}", "请从群机器人设置中重新复制完整的 webhook 地址")
    secret = group.secret.get_secret_value() if group.secret else ""
    if group.platform == "dingtalk" and secret and not secret.startswith("SEC"):
        return failed(
            f"{name}：加签密钥应以 SEC 开头",
            "请在钉钉群机器人“安全设置→加签”处复制密钥，填入 secret",
        )
    return passed(f"{name}：webhook 和密钥格式正确")


def _webhook_problem(group: GroupSettings) -> str:
    url = group.robot_url() or ""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if group.platform == "wecom" and not query.get("key"):
        return "webhook 中没有 key=…"
    if group.platform == "dingtalk" and not query.get("access_token"):
        return "webhook 中没有 access_token=…"
    if group.platform == "feishu" and "/hook/" not in parts.path:
        return "webhook 不是飞书自定义机器人的地址（…/open-apis/bot/v2/hook/…）"
    return ""
