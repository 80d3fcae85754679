"""Each bot and group asked of its platform, without a message anyone would see.

Apps fetch a token (Feishu) or a Stream ticket (DingTalk); a WeCom AI bot's long connection
logs in and leaves, but only while no running process holds it (a second login would kick the
running one off the gateway). A group robot gets an empty body: the platform checks the
webhook and the signature first and then refuses the body, so nothing reaches the group.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import ClientError, ClientSession, WSMsgType
from dingtalk_stream import ChatbotMessage

from bot.adapters.base import PushTarget, SendError
from bot.adapters.dingtalk.stream import CredentialsRefusedError, open_connection
from bot.adapters.errors import PayloadError
from bot.adapters.feishu.outbound import TenantTokens
from bot.adapters.wecom import frames
from bot.cli.doctor.codes import COPY_SECRET, Kind, meaning, wants_signature
from bot.cli.doctor.names import bot_name, group_name
from bot.cli.doctor.report import Finding, failed, passed
from bot.failures import describe
from bot.outbox.service import platform_outbounds
from core.settings import BotSettings, GroupSettings, Settings
from core.settings.hosts import websocket_url
from scheduler.election import Leadership
from storage.db import Database

PROBE: dict[str, Any] = {}
"""The robot probe's body: no message type, so the platform refuses it after the checks."""
LOGIN_SECONDS = 10.0
KEYS_FIX = "请核对 app_key 和 app_secret（从平台的应用凭证页复制）"
NET_FIX = "请检查 api_base、网络和代理"


async def bot_check(
    http: ClientSession, settings: Settings, bot: BotSettings, db: Database | None
) -> Finding | None:
    """The platform's answer to this bot's credentials, or None when it cannot be asked."""
    if bot.platform == "feishu":
        return await _feishu_token(http, bot)
    if bot.platform == "dingtalk" and bot.mode == "longconn":
        return await _dingtalk_ticket(http, bot)
    if bot.platform == "wecom" and bot.mode == "longconn":
        return await _wecom_login_unless_held(http, settings, bot, db)
    return None


async def _feishu_token(http: ClientSession, bot: BotSettings) -> Finding:
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    try:
        await TenantTokens().get(http, bot.api(), bot.app_key or "", secret)
    except SendError as exc:
        return _refused(bot, "feishu", exc, "获取 tenant_access_token 失败")
    return passed(f"{bot_name(bot)}：App ID 和 App Secret 有效（已取得 tenant_access_token）")


async def _dingtalk_ticket(http: ClientSession, bot: BotSettings) -> Finding:
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    try:
        await open_connection(http, bot, bot.app_key or "", secret, [ChatbotMessage.TOPIC])
    except CredentialsRefusedError:
        return failed(f"{bot_name(bot)}：Stream 网关拒绝了 AppKey/AppSecret", KEYS_FIX)
    except (ClientError, OSError, TimeoutError, ValueError) as exc:
        return failed(f"{bot_name(bot)}：Stream 网关无法使用（{describe(exc)}）", NET_FIX)
    return passed(f"{bot_name(bot)}：AppKey/AppSecret 有效（Stream 网关已发放连接凭证）")


async def _wecom_login_unless_held(
    http: ClientSession, settings: Settings, bot: BotSettings, db: Database | None
) -> Finding:
    if db is None:  # no lock to tell whether a running process holds the connection
        return failed(
            f"{bot_name(bot)}：数据库不可用，未验证长连接（以免把运行中的服务挤下线）",
            "请先解决数据库的问题，再运行 diaodu doctor",
        )
    role = f"longconn-{bot.name}"
    leadership = Leadership(db, role, timeout=settings.server.leader_timeout_seconds)
    try:
        if not await leadership.try_acquire():
            return passed(
                f"{bot_name(bot)}：长连接正由运行中的服务持有（为免把它挤下线，未再登录；"
                "登录被拒时服务日志会写 BotID/Secret refused）"
            )
        return await _wecom_login(http, bot)
    finally:
        await leadership.release()  # also closes the connection a refused attempt opened


async def _wecom_login(http: ClientSession, bot: BotSettings) -> Finding:
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    hello = frames.subscribe(bot.app_key or "", secret)
    try:
        async with (
            asyncio.timeout(LOGIN_SECONDS),
            http.ws_connect(websocket_url(bot.longconn_origin())) as socket,
        ):
            await socket.send_json(hello)
            ack = await _ack(socket, hello["headers"]["req_id"])
        frames.check_subscribed(ack)
    except frames.SubscribeRefusedError as exc:
        fix = "请核对 app_key（BotID）和 app_secret（Secret）"
        return failed(f"{bot_name(bot)}：长连接登录被拒（{exc}）", fix)
    except (ClientError, OSError, TimeoutError, PayloadError) as exc:
        return failed(f"{bot_name(bot)}：长连接网关无法使用（{describe(exc)}）", NET_FIX)
    return passed(f"{bot_name(bot)}：BotID 和 Secret 有效（长连接登录成功后已退出）")


async def _ack(socket: Any, req_id: str) -> frames.Frame:
    while True:
        message = await socket.receive()
        if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
            raise ConnectionError("the gateway closed the connection before answering")
        frame = frames.parse(message.data)
        if frame.req_id == req_id:
            return frame


async def robot_probe(http: ClientSession, group: GroupSettings) -> Finding:
    """The robot's webhook and signature put to its platform with a body it refuses."""
    name = group_name(group)
    try:
        await _send(http, group, PROBE)
    except SendError as exc:
        kind, what, fix = meaning(group.platform, exc.code, str(exc))
        if exc.code is None:
            return failed(f"{name}：探测未得到平台答复（{exc}）", "请检查网络和代理")
        if kind is Kind.BODY:
            signed = "，签名通过" if group.secret else ""
            return passed(f"{name}：webhook 有效{signed}（探测消息不会出现在群里）")
        if kind is Kind.BUSY:
            return passed(f"{name}：webhook 有效，但机器人此刻{what}")
        if group.secret is None and wants_signature(group.platform, exc.code, str(exc)):
            return failed(f"{name}：机器人设置了加签，但没有配置 secret", COPY_SECRET)
        return failed(f"{name}：{what}（平台答复 {exc.code}）", fix)
    return passed(f"{name}：webhook 有效")


async def send_test(http: ClientSession, group: GroupSettings) -> Finding:
    """A one-line test message to the group, and the platform's answer."""
    from core.messages import OutboundMessage

    name = group_name(group)
    text = f"【调度机器人】测试消息：{time.strftime('%H:%M')} 由 diaodu doctor 发出，看到即推送正常"
    outbound = platform_outbounds()[group.platform]
    try:
        for body in outbound.payloads(OutboundMessage(text=text)):
            await _send(http, group, body)
    except SendError as exc:
        if exc.code is None:
            return failed(f"{name}：测试消息未发出（{exc}）", "请检查网络和代理")
        _, what, fix = meaning(group.platform, exc.code, str(exc))
        return failed(f"{name}：测试消息未送达，平台答复 {exc.code}（{what}）", fix or "请稍后再试")
    return passed(f"{name}：测试消息已发出，平台答复 0（成功），请到群里查看")


async def _send(http: ClientSession, group: GroupSettings, body: dict[str, Any]) -> None:
    outbound = platform_outbounds()[group.platform]
    secret = group.secret.get_secret_value() if group.secret else None
    target = PushTarget(group.platform, group.name, group.robot_url() or "", secret)
    await outbound.send(http, target, body, int(time.time() * 1000))


def _refused(bot: BotSettings, platform: str, exc: SendError, what: str) -> Finding:
    if exc.code is None:
        return failed(f"{bot_name(bot)}：{what}（{exc}）", "请检查网络和代理")
    _, meant, fix = meaning(platform, exc.code, str(exc))
    return failed(f"{bot_name(bot)}：{what}，平台答复 {exc.code}（{meant}）", fix or KEYS_FIX)
