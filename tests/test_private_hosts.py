"""Private platform hosts (`api_base`) and the outbound proxy, against fakes on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.http import open_session
from bot.outbox.service import OutboxWorker, platform_outbounds
from core.messages import OutboundMessage
from core.settings import ConfigError, GroupSettings, Settings, load_settings
from storage.db import Database
from storage.models import Outbox
from storage.repos import outbox
from tests.conftest import app_settings
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.proxy import ForwardProxy
from tests.fakes.robot import TestClock
from tests.fakes.wecom_server import WeComServer
from tests.fakes.wecom_ws_server import WeComGateway


@dataclass
class Platforms:
    wecom: WeComServer
    dingtalk: DingTalkServer
    feishu: FeishuServer

    def hosts(self) -> set[str]:
        return {
            s.base_url.removeprefix("http://") for s in (self.wecom, self.dingtalk, self.feishu)
        }


@pytest.fixture
def platforms(wecom: WeComServer, dingtalk: DingTalkServer, feishu: FeishuServer) -> Platforms:
    return Platforms(wecom, dingtalk, feishu)


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    server = await ForwardProxy().start()
    yield server
    await server.close()


def private_groups(fakes: Platforms) -> list[dict[str, Any]]:
    """One robot per platform, each reached only through its entry's api_base."""
    return [
        # The key alone: the URL is built on api_base.
        {"name": "政务微信群", "platform": "wecom", "role": "owners", "webhook": "robot-key",
         "api_base": fakes.wecom.base_url},
        # The public URL as copied from the platform: api_base replaces its host.
        {"name": "专有钉钉群", "platform": "dingtalk", "role": "owners",
         "webhook": "https://oapi.dingtalk.com/robot/send?access_token=robot-token",
         "secret": "SECrobot-secret-0123456789", "api_base": fakes.dingtalk.base_url},
        {"name": "私有飞书群", "platform": "feishu", "role": "owners", "webhook": "hook-1",
         "secret": "feishu-bot-secret", "api_base": fakes.feishu.base_url},
    ]  # fmt: skip


async def deliver_once(db: Database, settings: Settings) -> dict[str, Outbox]:
    """Queue one push per group and let one worker round deliver it."""
    clock = TestClock()
    async with db.write() as session:
        for group in settings.groups:
            await outbox.enqueue(
                session,
                key=f"hello:{group.name}",
                platform=group.platform,
                destination=group.name,
                payload=OutboundMessage(text="本周五下班前请报送进度").model_dump(mode="json"),
                now=clock.now(),
            )
    async with open_session(settings) as http:
        await OutboxWorker(db, settings, http, platform_outbounds(), clock).run_once()
    async with db.read() as session:
        rows = (await session.execute(select(Outbox))).scalars()
        return {row.destination: row for row in rows}


def delivered(fakes: Platforms) -> list[int]:
    """How many pushes each platform accepted: WeCom, DingTalk, Feishu."""
    return [len(fake.delivered()) for fake in (fakes.wecom, fakes.dingtalk, fakes.feishu)]


async def test_pushes_reach_each_platform_configured_only_through_api_base(
    sqlite_db: Database, platforms: Platforms
) -> None:
    settings = load_settings(None, groups=private_groups(platforms))
    rows = await deliver_once(sqlite_db, settings)
    assert {row.status for row in rows.values()} == {"sent"}
    assert delivered(platforms) == [1, 1, 1]


async def test_pushes_go_through_the_configured_proxy(
    sqlite_db: Database, platforms: Platforms, proxy: ForwardProxy
) -> None:
    settings = load_settings(None, server={"proxy": proxy.url}, groups=private_groups(platforms))
    rows = await deliver_once(sqlite_db, settings)
    assert {row.status for row in rows.values()} == {"sent"}
    assert delivered(platforms) == [1, 1, 1]
    assert proxy.hosts() == platforms.hosts()


async def test_the_proxy_environment_variable_is_honoured(
    sqlite_db: Database, platforms: Platforms, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fakes speak plain http, so HTTP_PROXY is the variable that applies (HTTPS_PROXY to https).
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    settings = load_settings(None, groups=private_groups(platforms))
    await deliver_once(sqlite_db, settings)
    assert delivered(platforms) == [1, 1, 1]
    assert proxy.hosts() == platforms.hosts()


async def test_a_proxy_that_refuses_connections_leaves_pushes_queued_with_a_reason(
    sqlite_db: Database, platforms: Platforms
) -> None:
    closed = await ForwardProxy().start()
    await closed.close()  # nothing listens on its port any more
    settings = load_settings(None, server={"proxy": closed.url}, groups=private_groups(platforms))
    rows = await deliver_once(sqlite_db, settings)
    assert delivered(platforms) == [0, 0, 0]
    for row in rows.values():
        assert (row.status, row.attempts) == ("pending", 1)
        assert "无法连接" in (row.last_error or "")


async def test_a_long_connection_goes_through_the_proxy(
    aiohttp_client: AiohttpClient, tmp_path: Path, proxy: ForwardProxy
) -> None:
    gateway = await WeComGateway().start()
    origin = gateway.url.replace("ws://", "http://").rstrip("/")
    bot = {"name": "wxl", "platform": "wecom", "kind": "aibot", "mode": "longconn",
           "app_key": "aibot-id", "app_secret": "aibot-secret-0123456789",
           "api_base": origin}  # fmt: skip
    try:
        await aiohttp_client(
            create_app(app_settings(tmp_path, bots=[bot], server={"proxy": proxy.url}))
        )
        await gateway.wait_until(gateway.is_live)
    finally:
        await gateway.close()
    assert proxy.hosts() == {origin.removeprefix("http://")}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("ftp://oapi.example.gov.cn", "http:// 或 https://"),
        ("oapi.example.gov.cn", "http:// 或 https://"),
        ("https://oapi.example.gov.cn/?x=1", "不带 ?"),
    ],
)
def test_an_api_base_that_is_not_http_is_refused_in_chinese(value: str, problem: str) -> None:
    group = {"name": "群", "platform": "dingtalk", "role": "owners", "api_base": value}
    with pytest.raises(ConfigError) as caught:
        load_settings(None, groups=[group])
    assert problem in "\n".join(caught.value.problems)


def test_a_proxy_must_be_an_http_address() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, server={"proxy": "socks5://10.0.0.1:1080"})
    assert "proxy" in "\n".join(caught.value.problems)


def test_a_webhook_on_the_public_host_follows_api_base_and_a_bare_key_is_completed() -> None:
    copied = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234"
    group = GroupSettings(name="群", platform="wecom", role="owners", webhook=copied)
    assert group.robot_url() == copied
    private = group.model_copy(update={"api_base": "https://zwwx.example.gov.cn/api"})
    assert (
        private.robot_url() == "https://zwwx.example.gov.cn/api/cgi-bin/webhook/send?key=abcd-1234"
    )
    bare = GroupSettings(name="群", platform="dingtalk", role="owners", webhook="abcd1234")
    assert bare.robot_url() == "https://oapi.dingtalk.com/robot/send?access_token=abcd1234"
