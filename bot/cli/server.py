"""`diaodu serve` and `diaodu demo`."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import secrets
import socket
from pathlib import Path

from aiohttp import web
from pydantic import SecretStr

from bot.access_log import PathAccessLogger
from bot.app import create_app
from bot.cli.common import VerbError, check_calendar, open_database
from bot.cli.listen import LISTEN_ERRORS, cannot_listen, check_can_listen
from bot.cli.program import command
from core.event_loop import new_event_loop
from core.settings import GroupSettings, Settings
from domain.files import why_unwritable

log = logging.getLogger(__name__)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Create or upgrade the schema, then serve until SIGINT/SIGTERM."""
    check_can_listen(settings.server.host, settings.server.port)
    check_calendar(settings)
    asyncio.run(_prepare(settings))
    _run(settings)
    return 0


async def _prepare(settings: Settings) -> None:
    db = await open_database(settings)
    await db.dispose()


def _run(settings: Settings) -> None:
    server = settings.server
    log.info("serving on http://%s:%s", server.host, server.port)
    gc.collect()  # import and configuration garbage, before the app freezes what exists
    app = create_app(settings)
    try:
        web.run_app(
            app,
            host=server.host,
            port=server.port,
            shutdown_timeout=server.shutdown_timeout,
            access_log_class=PathAccessLogger,
            print=None,
            loop=new_event_loop(),
        )
    except OSError as exc:
        if not isinstance(exc, socket.gaierror) and exc.errno not in LISTEN_ERRORS:
            raise  # not the listening socket's: start-up or shutdown went wrong elsewhere
        # taken between the probe and the bind
        raise VerbError(cannot_listen(server.host, server.port, exc)) from exc


def demo_settings(settings: Settings, folder: Path, at: str | None = None) -> Settings:
    """The demo's settings: local simulator on, ./demo.db, local groups; the clock is the
    configured one, else `at` (a fixed time, for reproducible screenshots), else real time."""
    from storage.demo.ledger import DEMO_GROUPS

    database = settings.database
    if database.url == type(database)().url:  # not configured: use the demo's own file
        database = database.model_copy(update={"url": f"sqlite+aiosqlite:///{folder / 'demo.db'}"})
    groups = settings.groups or [GroupSettings(platform="local", **group) for group in DEMO_GROUPS]
    dashboard = settings.dashboard
    if dashboard.secret is None and dashboard.token is None:  # /看板 works in the demo
        secret = SecretStr(secrets.token_urlsafe(24))
        dashboard = dashboard.model_copy(update={"secret": secret})
    if dashboard.base_url is None:  # and the leaders' pushes link to it
        address = f"http://{settings.server.host}:{settings.server.port}"
        dashboard = dashboard.model_copy(update={"base_url": address})
    return settings.model_copy(
        update={
            "dashboard": dashboard,
            "database": database,
            "local": settings.local.model_copy(update={"enabled": True}),
            "clock": settings.clock.model_copy(update={"now": at or settings.clock.now}),
            "groups": groups,
        }
    )


def write_demo_config(settings: Settings, folder: Path, *, own_secret: bool = False) -> Path:
    """Write the demo's settings as a config file, so other verbs can work on the demo
    (`serve` answering /看板 too). `own_secret`: the dashboard secret is the demo's own
    (generated), so it may be written; a configured one never is."""
    target = folder / "demo.toml"
    lines = [
        "# Written by `diaodu demo`: the demo database, its clock (if fixed) and local groups.",
        f"[database]\nurl = {json.dumps(settings.database.url)}",
        "[local]\nenabled = true",
    ]
    if settings.clock.now:  # unset: the demo lives on the real time, as the verbs do
        lines.insert(2, f"[clock]\nnow = {json.dumps(settings.clock.now)}")
    # the secret only: links then name the port the demo is served on (DIAODU_SERVER__PORT)
    secret = settings.dashboard.secret
    if own_secret and secret is not None:
        lines.append(f"[dashboard]\nsecret = {json.dumps(secret.get_secret_value())}")
    for group in settings.groups:
        lines.append(
            "[[groups]]\n"
            + "\n".join(
                f"{key} = {json.dumps(value, ensure_ascii=False)}"
                for key, value in group.model_dump(exclude_none=True, exclude={"secret"}).items()
            )
        )
    target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return target


def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the demo ledger for the clock's day, load it into ./demo.db and serve."""
    from bot.cli.demo_load import load_demo
    from domain.clock import Clock
    from storage.demo.ledger import build_demo_workbook
    from storage.demo.live import demo_day

    folder: Path = args.dir
    if not args.no_serve:  # before the half minute the demo's ledger takes
        check_can_listen(settings.server.host, settings.server.port)
    own_secret = settings.dashboard.secret is None and settings.dashboard.token is None
    settings = demo_settings(settings, folder, args.at)
    day = demo_day(Clock.parse(settings.clock.now).today())
    ledger = folder / "demo-ledger.xlsx"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        summary = build_demo_workbook(ledger, day.ledger_year, today=day.ledger_day)
    except OSError as exc:
        raise VerbError(f"无法在 {folder} 写入演示数据：{why_unwritable(exc)}") from exc

    asyncio.run(load_demo(settings, day, ledger, folder))
    config = write_demo_config(settings, folder, own_secret=own_secret)
    print(f"演示台账 {ledger}: {summary}")
    example = command("jobs run weekly_reminder --dry-run", config)
    print(f"演示配置 {config}（如: {example}）")
    if args.no_serve:
        return 0
    print(f"打开 http://{settings.server.host}:{settings.server.port}/ 使用聊天模拟器")
    print("在模拟器里选“与机器人私聊”，发送“/看板”获取看板链接")
    _run(settings)
    return 0
