"""The doctor's round: this machine first, then the way out, then each bot and group."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import ClientSession

from bot.cli.doctor import local, network, platforms, secrets
from bot.cli.doctor.report import Finding, failed
from bot.http import open_session
from core.settings import BotSettings, GroupSettings, Settings
from storage.db import Database


async def diagnose(settings: Settings, send_test: str | None = None) -> list[Finding]:
    """Every finding, in the order printed."""
    found, db = await local.database(settings)
    findings = [found, *local.calendar(settings)]
    try:
        async with open_session(settings) as http:
            findings += await _platforms(http, settings, db)
            if send_test is not None:
                findings.append(await _send_test(http, settings, send_test))
    finally:
        if db is not None:
            await db.dispose()
    return findings


async def _platforms(http: ClientSession, settings: Settings, db: Database | None) -> list[Finding]:
    bots = [bot for bot in settings.bots if bot.platform != "local"]
    groups = [group for group in settings.groups if group.platform != "local"]
    written = {bot.name: secrets.bot_secrets(bot) for bot in bots}
    robots = {group.name: secrets.group_secrets(group) for group in groups}
    origins = sorted({o for bot in bots for o in bot_origins(bot)} | set(map(robot_origin, groups)))
    origins = [origin for origin in origins if origin]
    findings = [*written.values(), *robots.values()]
    proxies = await network.proxies(settings, origins)
    findings += proxies
    closed = {finding.what for finding in proxies if not finding.ok}
    up: dict[str, bool] = {}
    for origin in origins:
        proxy = network.proxy_for(settings, origin)
        if proxy is not None and any(network.shown(proxy) in what for what in closed):
            up[origin] = False  # its proxy takes no connection: that line says what to do
            continue
        reached = await network.reachable(http, settings, origin)
        findings.append(reached)
        up[origin] = reached.ok
    for bot in bots:
        if written[bot.name].ok and all(up.get(o, False) for o in bot_origins(bot)):
            answer = await platforms.bot_check(http, settings, bot, db)
            findings += [answer] if answer is not None else []
    for group in groups:
        if robots[group.name].ok and up.get(robot_origin(group), False):
            findings.append(await platforms.robot_probe(http, group))
    return findings


async def _send_test(http: ClientSession, settings: Settings, name: str) -> Finding:
    group = next((g for g in settings.groups if g.name == name), None)
    if group is None:
        known = "、".join(g.name for g in settings.groups) or "（没有配置任何群）"
        return failed(
            f"没有名为“{name}”的群", f"--send-test 后写 [[groups]] 的 name，现有：{known}"
        )
    if group.platform == "local" or group.webhook is None:
        return failed(f"群“{name}”没有机器人 webhook，无法发送测试消息", "请先配置 webhook")
    return await platforms.send_test(http, group)


def bot_origins(bot: BotSettings) -> list[str]:
    """The hosts a bot calls out to (its replies, its token, its long connection)."""
    if bot.platform == "wecom":
        if bot.mode == "longconn":
            return [_origin(bot.longconn_origin())]
        return [_origin(bot.api())] if bot.kind == "aibot" else []
    if bot.platform == "dingtalk" and bot.mode == "longconn":
        return sorted({_origin(bot.api()), _origin(bot.dingtalk_new_api())})
    return [_origin(bot.api())]


def robot_origin(group: GroupSettings) -> str:
    """The host a group's robot is called at ("" without a webhook)."""
    return _origin(group.robot_url() or "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
