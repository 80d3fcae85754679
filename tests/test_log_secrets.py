"""Logs never contain secrets: `diaodu serve` run as an office runs it, behind a proxy that
refuses it, its long connections and pushes failing, callbacks refused — and every log line
read for every token, key, webhook key, password and Proxy-Authorization value configured.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from domain.clock import Clock
from storage.db import Database
from storage.migrate import upgrade
from storage.repos import outbox
from tests.fakes.proxy import RefusingProxy
from tests.support.config_file import write_config
from tests.support.processes import ServeProcess, free_port

LINK_TOKEN = "personal-link-token-5e9f01d2c3"  # a /看板 link's signed token, in the path
GROUPS = [("责任人群", "wecom"), ("领导群", "dingtalk"), ("专班群", "feishu")]
PROXY_USER, PROXY_PASSWORD = "diaodu", "Proxy-Pass-9d2f7c"
SECRETS = {
    "wecom token": "QDG6eK3xQ2wT9nUfVd8sLog",
    "wecom aes key": "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
    "aibot secret": "aibot-secret-5b1e0c9a77",
    "dingtalk app secret": "ding-app-secret-3f8e21c4",
    "feishu app secret": "feishu-app-secret-71ad0e",
    "feishu encrypt key": "feishu-encrypt-key-c0ffee",
    "dashboard token": "dashboard-token-a6b2d9e01",
    "wecom robot key": "wecom-robot-key-4c7e19",
    "dingtalk robot token": "ding-robot-token-8e2a5f",
    "dingtalk robot secret": "SECding-robot-secret-02bd7",
    "feishu hook": "feishu-hook-id-9a0c33",
    "feishu robot secret": "feishu-robot-secret-6f14",
    "proxy password": PROXY_PASSWORD,
    "proxy authorization": base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode(),
}


def office_config(folder: Path, db_url: str, proxy: str, port: int) -> Path:
    """Private platform hosts, reached only through the (refusing) proxy."""
    s = SECRETS
    bots = [
        {"name": "wx", "platform": "wecom", "kind": "aibot", "token": s["wecom token"],
         "encoding_aes_key": s["wecom aes key"], "api_base": "http://qyapi.example.gov.cn"},
        {"name": "wxl", "platform": "wecom", "kind": "aibot", "mode": "longconn",
         "app_key": "aibot-id", "app_secret": s["aibot secret"],
         "api_base": "http://openws.example.gov.cn"},
        {"name": "dd", "platform": "dingtalk", "mode": "longconn", "app_key": "ding-app-key",
         "app_secret": s["dingtalk app secret"], "api_base": "http://ding.example.gov.cn"},
        {"name": "fs", "platform": "feishu", "app_key": "cli_app",
         "app_secret": s["feishu app secret"], "encrypt_key": s["feishu encrypt key"],
         "api_base": "http://feishu.example.gov.cn"},
    ]  # fmt: skip
    groups = [
        {"name": "责任人群", "platform": "wecom", "role": "owners",
         "webhook": f"http://qyapi.example.gov.cn/cgi-bin/webhook/send?key={s['wecom robot key']}"},
        {"name": "领导群", "platform": "dingtalk", "role": "leaders",
         "webhook": s["dingtalk robot token"], "secret": s["dingtalk robot secret"],
         "api_base": "http://ding.example.gov.cn"},
        {"name": "专班群", "platform": "feishu", "role": "office", "webhook": s["feishu hook"],
         "secret": s["feishu robot secret"], "api_base": "http://feishu.example.gov.cn"},
    ]  # fmt: skip
    sections = {
        "server": {"port": port, "proxy": proxy, "leader_timeout_seconds": 4},
        "database": {"url": db_url},
        "log": {"level": "INFO"},
        "outbox": {"interval_seconds": 0.2, "request_timeout_seconds": 2.0},
        "dashboard": {"token": s["dashboard token"]},
        "calendar": {"holidays_file": str(folder / "holidays.toml")},
    }
    return write_config(folder / "config.toml", sections, bots=bots, groups=groups)


@pytest.fixture
async def refusing_proxy() -> AsyncIterator[RefusingProxy]:
    proxy = await RefusingProxy().start()
    yield proxy
    await proxy.close()


async def queue_pushes(db_url: str) -> None:
    """One push per group, waiting in the outbox before the server starts."""
    db = Database(db_url)
    await upgrade(db)
    async with db.write() as session:
        for group, platform in (
            ("责任人群", "wecom"),
            ("领导群", "dingtalk"),
            ("专班群", "feishu"),
        ):
            await outbox.enqueue(
                session, key=f"hello:{group}", platform=platform, destination=group,
                payload={"text": "本周五下班前请报送进度"}, now=Clock().now(),
            )  # fmt: skip
    await db.dispose()


async def refused_callbacks(port: int) -> None:
    """Callbacks with wrong signatures on each platform (the access log sees their paths)."""
    base = f"http://127.0.0.1:{port}/callback"
    async with aiohttp.ClientSession() as http:
        query = "?msg_signature=0&timestamp=1&nonce=2&echostr=abc"
        async with http.get(f"{base}/wecom/wx{query}") as response:
            assert response.status == 403
        async with http.post(f"{base}/feishu/fs", json={"encrypt": "x"}) as response:
            assert response.status in (400, 403)
        link = f"http://127.0.0.1:{port}/dashboard/l/{LINK_TOKEN}"
        async with http.get(link, allow_redirects=False) as response:
            assert response.status < 500


async def test_no_secret_reaches_the_log(tmp_path: Path, refusing_proxy: RefusingProxy) -> None:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'office.db'}"
    await queue_pushes(db_url)
    proxy = refusing_proxy.url.replace("://", f"://{PROXY_USER}:{PROXY_PASSWORD}@")
    port = free_port()
    server = ServeProcess("office", office_config(tmp_path, db_url, proxy, port), port)
    await server.start()
    try:
        await refused_callbacks(port)
        await server.wait_for(r"wecom longconn wxl: WSServerHandshakeError")
        await server.wait_for(r"dingtalk stream dd: .*407")
        for row in range(1, 4):
            await server.wait_for(rf"outbox: row {row}\b")
        await server.wait_for(r"/dashboard/l/\*\*\*")  # the link's access line, however late
    finally:
        await server.stop()
    log = "\n".join(server.lines)
    leaked = [name for name, value in SECRETS.items() if value in log]
    assert leaked == [], server.log()
    assert refusing_proxy.requests > 0
    assert "/callback/wecom/wx" in log and "echostr" not in log, "the access log kept the query"
    assert "/dashboard/l/***" in log and LINK_TOKEN not in log


def test_a_secret_in_a_library_message_or_a_traceback_is_masked(tmp_path: Path) -> None:
    from bot.redaction import install
    from core.settings import load_settings

    settings = load_settings(
        None,
        server={"proxy": f"http://{PROXY_USER}:{PROXY_PASSWORD}@proxy.example.gov.cn:3128"},
        groups=[{"name": "领导群", "platform": "dingtalk", "role": "leaders",
                 "webhook": SECRETS["dingtalk robot token"],
                 "secret": SECRETS["dingtalk robot secret"]}],
    )  # fmt: skip
    logger = logging.getLogger("tests.redaction")
    stream = io.StringIO()
    logger.addHandler(logging.StreamHandler(stream))
    logger.propagate = False
    install(settings, logger)
    url = f"https://oapi.dingtalk.com/robot/send?access_token={SECRETS['dingtalk robot token']}"
    logger.warning("a library said: %s", url)
    try:
        raise ValueError(f"Proxy-Authorization: Basic {SECRETS['proxy authorization']}")
    except ValueError:
        logger.exception("and a traceback")
    written = stream.getvalue()
    assert "access_token=***" in written and "Basic ***" in written
    assert not [name for name, value in SECRETS.items() if value in written]
