"""`diaodu doctor` against fake platforms on 127.0.0.1, reached only through `api_base`.

Each test runs the real command line (in a thread, so the fakes keep serving on the test's
loop) and reads its lines: ✔ or ✘, what was found and what to do; the exit status is 1 when
anything failed. Nothing the doctor does shows up in a group unless --send-test asks for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from domain.calendar import WorkCalendar
from scheduler.election import Leadership
from storage.db import Database
from storage.migrate import upgrade
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.proxy import ForwardProxy
from tests.fakes.wecom_server import WeComServer
from tests.fakes.wecom_ws_server import WeComGateway
from tests.support.config_file import write_config
from tests.support.processes import free_port

AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"


@dataclass
class Office:
    """A configured office: its folder, database, fake platforms and what the doctor printed."""

    folder: Path
    db_url: str
    wecom: WeComServer
    gateway: WeComGateway
    dingtalk: DingTalkServer
    feishu: FeishuServer
    capsys: pytest.CaptureFixture[str]

    def bots(self) -> list[dict[str, Any]]:
        """One bot of each kind the doctor can ask about, all correct."""
        return [
            {"name": "wx", "platform": "wecom", "kind": "aibot", "token": "QDG6eK3xQ2wT9nUfVd8s",
             "encoding_aes_key": AES_KEY, "api_base": self.wecom.base_url},
            {"name": "wxl", "platform": "wecom", "kind": "aibot", "mode": "longconn",
             "app_key": "aibot-id", "app_secret": "aibot-secret-0123456789",
             "api_base": self.gateway.base_url},
            {"name": "dd", "platform": "dingtalk", "mode": "longconn", "app_key": "ding-app-key",
             "app_secret": "ding-app-secret-0123456789", "api_base": self.dingtalk.base_url},
            {"name": "fs", "platform": "feishu", "app_key": "cli_fake_app",
             "app_secret": "fake-app-secret-0123456789", "encrypt_key": "feishu-encrypt-key-01",
             "api_base": self.feishu.base_url},
        ]  # fmt: skip

    def groups(self) -> list[dict[str, Any]]:
        """One robot per platform, all correct."""
        return [
            {"name": "政务微信群", "platform": "wecom", "role": "owners", "webhook": "robot-key",
             "api_base": self.wecom.base_url},
            {"name": "专有钉钉群", "platform": "dingtalk", "role": "leaders",
             "webhook": "robot-token", "secret": "SECrobot-secret-0123456789",
             "api_base": self.dingtalk.base_url},
            {"name": "私有飞书群", "platform": "feishu", "role": "office", "webhook": "hook-1",
             "secret": "feishu-bot-secret", "api_base": self.feishu.base_url},
        ]  # fmt: skip

    def config(
        self,
        *,
        bots: list[dict[str, Any]] | None = None,
        groups: list[dict[str, Any]] | None = None,
        now: str = "2026-04-24 10:00",
        server: dict[str, Any] | None = None,
    ) -> Path:
        """Write the config file (the correct bots and groups unless others are given)."""
        sections = {
            "server": server or {},
            "database": {"url": self.db_url},
            "clock": {"now": now},
            "dashboard": {"token": "dashboard-token-0123456789"},
            "calendar": {"holidays_file": str(self.folder / "holidays.toml")},
        }
        return write_config(
            self.folder / "config.toml",
            sections,
            bots=self.bots() if bots is None else bots,
            groups=self.groups() if groups is None else groups,
        )

    async def doctor(self, *args: str, **config: Any) -> tuple[int, list[str]]:
        """Run `diaodu --config FILE doctor ARGS`: its exit status and its check lines."""
        path = self.config(**config)
        code = await asyncio.to_thread(main, ["--config", str(path), "doctor", *args])
        lines = self.capsys.readouterr().out.splitlines()
        return code, [line for line in lines if line[:1] in ("✔", "✘")]

    def nothing_delivered(self) -> bool:
        """No robot accepted a message and no message was sent to a sessionWebhook."""
        fakes = (self.wecom, self.dingtalk, self.feishu)
        return all(r.code != 0 for fake in fakes for r in fake.received)


@pytest.fixture
async def office(
    tmp_path: Path,
    wecom: WeComServer,
    gateway: WeComGateway,
    dingtalk: DingTalkServer,
    feishu: FeishuServer,
    capsys: pytest.CaptureFixture[str],
) -> AsyncIterator[Office]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'office.db'}"
    db = Database(url)
    await upgrade(db)
    await db.dispose()
    yield Office(tmp_path, url, wecom, gateway, dingtalk, feishu, capsys)


def failures(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("✘")]


def line_about(lines: list[str], *words: str) -> str:
    found = [line for line in lines if all(word in line for word in words)]
    assert len(found) == 1, "\n".join(lines)
    return found[0]


async def test_a_correct_setup_passes_every_check_and_nothing_reaches_a_group(
    office: Office,
) -> None:
    code, lines = await office.doctor()
    assert failures(lines) == [], "\n".join(lines)
    assert code == 0
    assert "结构为最新" in line_about(lines, "数据库")
    assert "已取得 tenant_access_token" in line_about(lines, "fs", "App ID")
    assert "Stream 网关已发放连接凭证" in line_about(lines, "dd", "AppKey")
    assert "长连接登录成功后已退出" in line_about(lines, "wxl", "BotID")
    for group in ("政务微信群", "专有钉钉群", "私有飞书群"):
        assert "webhook 有效" in line_about(lines, group, "探测")
    assert "签名通过" in line_about(lines, "专有钉钉群", "探测")
    assert office.nothing_delivered()
    assert office.gateway.subscribed == ["aibot-id"]
    assert not office.gateway.is_live(), "the doctor stayed on the gateway"


async def test_a_wrong_aes_key_is_found(office: Office) -> None:
    bots = office.bots()
    bots[0]["encoding_aes_key"] = AES_KEY[:-1] + "!"  # 43 characters, but not base64
    code, lines = await office.doctor(bots=bots)
    assert code == 1
    assert failures(lines) == [line_about(lines, "wx", "EncodingAESKey")]
    assert "请在企业微信后台" in failures(lines)[0]


async def test_wrong_robot_secrets_and_keys_are_found_by_the_platforms_answers(
    office: Office,
) -> None:
    groups = office.groups()
    groups[0]["webhook"] = "removed-key"
    groups[1]["secret"] = "SECsomebody-elses-secret-01"
    groups[2]["secret"] = "feishu-wrong-secret"
    code, lines = await office.doctor(groups=groups)
    assert code == 1
    assert len(failures(lines)) == 3, "\n".join(lines)
    assert "webhook 无效" in line_about(lines, "政务微信群", "93000")
    assert "加签密钥不对" in line_about(lines, "专有钉钉群", "310000")
    assert "签名不对" in line_about(lines, "私有飞书群", "19021")
    assert office.nothing_delivered()


async def test_a_signing_robot_without_a_secret_in_the_config_is_named(office: Office) -> None:
    groups = office.groups()
    del groups[1]["secret"], groups[2]["secret"]
    code, lines = await office.doctor(groups=groups)
    assert code == 1
    for group in ("专有钉钉群", "私有飞书群"):
        assert "设置了加签，但没有配置 secret" in line_about(lines, group, "加签")


async def test_a_dingtalk_robot_secret_that_is_not_one_is_found_before_asking(
    office: Office,
) -> None:
    groups = office.groups()
    groups[1]["secret"] = "robot-secret-0123456789"  # DingTalk's signing secrets start with SEC
    code, lines = await office.doctor(groups=groups)
    assert code == 1
    assert "应以 SEC 开头" in line_about(lines, "专有钉钉群")
    assert office.dingtalk.received == []


async def test_refused_app_credentials_are_found(office: Office) -> None:
    office.gateway.bots = {"aibot-id": "another-secret-0123456789"}
    office.dingtalk.refuse()
    office.feishu.app_credentials = ("cli_fake_app", "another-secret")
    code, lines = await office.doctor()
    assert code == 1
    assert "长连接登录被拒" in line_about(lines, "wxl", "长连接")
    assert "拒绝了 AppKey/AppSecret" in line_about(lines, "dd", "Stream")
    assert "10014" in line_about(lines, "fs", "tenant_access_token")
    assert len(failures(lines)) == 3, "\n".join(lines)


async def test_a_long_connection_held_by_a_running_process_is_left_alone(
    office: Office, db_url: str
) -> None:
    office.db_url = db_url
    db = Database(db_url)
    await upgrade(db)
    running = Leadership(db, "longconn-wxl")
    assert await running.try_acquire()
    try:
        code, lines = await office.doctor()
    finally:
        await running.release()
        await db.dispose()
    assert code == 0, "\n".join(lines)
    assert "正由运行中的服务持有" in line_about(lines, "wxl", "长连接")
    assert office.gateway.subscribed == []


async def test_a_missing_next_year_calendar_is_found_in_december(office: Office) -> None:
    calendar = WorkCalendar()
    last = max(year for year in range(2020, 2100) if calendar.has_data_for(year))
    code, lines = await office.doctor(now=f"{last}-12-05 10:00")
    assert code == 1
    assert failures(lines) == [line_about(lines, f"{last + 1} 年放假调休安排未导入")]
    assert "diaodu calendar import" in failures(lines)[0]


async def test_a_proxy_that_refuses_connections_is_named(office: Office) -> None:
    code, lines = await office.doctor(server={"proxy": f"http://user:pass@127.0.0.1:{free_port()}"})
    assert code == 1
    proxy = line_about(lines, "出网代理")
    assert proxy.startswith("✘") and "无法连接" in proxy and "[server] proxy" in proxy
    assert "pass" not in "\n".join(lines), "the proxy's password was printed"
    assert all("代理" in line for line in failures(lines) if "平台地址" in line)


async def test_every_platform_is_asked_through_a_working_proxy(office: Office) -> None:
    proxy = await ForwardProxy().start()
    try:
        code, lines = await office.doctor(server={"proxy": proxy.url})
    finally:
        await proxy.close()
    assert code == 0, "\n".join(lines)
    assert line_about(lines, "出网代理").startswith("✔")
    fakes = (office.wecom, office.gateway, office.dingtalk, office.feishu)
    assert {fake.base_url.removeprefix("http://") for fake in fakes} <= proxy.hosts()


async def test_send_test_pushes_one_line_and_reports_the_answer(office: Office) -> None:
    code, lines = await office.doctor("--send-test", "专有钉钉群")
    assert code == 0, "\n".join(lines)
    assert "平台答复 0（成功）" in line_about(lines, "专有钉钉群", "测试消息")
    (sent,) = office.dingtalk.delivered()
    assert "测试消息" in sent["markdown"]["text"]


async def test_send_test_reports_the_platforms_error_in_chinese(office: Office) -> None:
    groups = office.groups()
    groups[1]["secret"] = "SECsomebody-elses-secret-01"
    code, lines = await office.doctor("--send-test", "专有钉钉群", groups=groups)
    assert code == 1
    line = line_about(lines, "专有钉钉群", "测试消息")
    assert "310000" in line and "加签密钥不对" in line and "安全设置" in line


async def test_send_test_to_an_unknown_group_names_the_known_ones(office: Office) -> None:
    code, lines = await office.doctor("--send-test", "没有这个群")
    assert code == 1
    assert "政务微信群" in line_about(lines, "没有名为“没有这个群”的群")


async def test_a_config_that_does_not_load_is_one_failed_line_per_problem(
    office: Office,
) -> None:
    bots = office.bots()
    bots[0]["encoding_aes_key"] = AES_KEY[:40]
    code, lines = await office.doctor(bots=bots)
    assert code == 1
    assert lines == [line_about(lines, "43 个字符")]


async def test_a_missing_database_is_found(office: Office, tmp_path: Path) -> None:
    office.db_url = f"sqlite+aiosqlite:///{tmp_path / 'nowhere.db'}"
    code, lines = await office.doctor()
    assert code == 1
    assert "diaodu init" in line_about(lines, "数据库", "不存在")
    assert not (tmp_path / "nowhere.db").exists()
    # Without the database's lock it cannot tell whether a running process holds the long
    # connection: it does not log in (that would kick the running one off the gateway).
    assert "未验证长连接" in line_about(lines, "wxl", "长连接")
    assert office.gateway.subscribed == []
