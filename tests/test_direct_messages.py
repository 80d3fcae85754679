"""1:1 messages where the platform allows it: with a Feishu bot set to `direct = true`, a 包联
leader with a Feishu account gets their own projects from the digest as a message of their own
(through the fake Feishu message API), and the leaders group only a line for the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import ClientSession
from pydantic import ValidationError
from sqlalchemy import select

from bot.cli.jobs import job_context
from bot.outbox.service import OutboxWorker, direct_outbounds, platform_outbounds
from core.settings import BotSettings
from scheduler import reminders
from scheduler.context import JobContext
from scheduler.deliver import deliver
from scheduler.digest import biweekly_digest
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Identity, Outbox, Person
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.robot import TestClock
from tests.fakes.wecom_server import APP, WeComServer
from tests.support.apps import app_settings
from tests.support.digest_ledger import GROUPS, LEADER, OWNER, at, build

DIGEST_DAY = "2025-04-29 08:30"
OPEN_ID = "ou_leader_qian"


def _feishu_bot(feishu: FeishuServer, direct: bool) -> dict[str, object]:
    return {
        "name": "fs",
        "platform": "feishu",
        "app_key": "cli_fake_app",
        "app_secret": "fake-app-secret-0123456789",
        "api_base": feishu.base_url,
        "direct": direct,
    }


def _worker(ctx: JobContext, http: ClientSession) -> OutboxWorker:
    directs = direct_outbounds(ctx.settings)
    return OutboxWorker(ctx.db, ctx.settings, http, platform_outbounds(), TestClock(), directs)


async def _context(
    tmp_path: Path, bot: dict[str, object], platform: str = "feishu", account: str = OPEN_ID
) -> JobContext:
    settings = app_settings(tmp_path, groups=GROUPS, bots=[bot])
    db = Database(settings.database.url)
    await upgrade(db)
    await build(db)
    async with db.write() as session:
        leader = (await session.execute(select(Person).where(Person.mobile == LEADER))).scalar_one()
        session.add(Identity(person_id=leader.id, platform=platform, external_id=account))
    return job_context(settings, db)


async def test_a_leader_on_feishu_gets_their_projects_one_to_one(
    tmp_path: Path, feishu: FeishuServer, http: ClientSession
) -> None:
    ctx = await _context(tmp_path, _feishu_bot(feishu, direct=True))
    try:
        pushes = await biweekly_digest(ctx, at(DIGEST_DAY))
        [own] = [p for p in pushes if p.group.role == "person"]
        [group] = [p for p in pushes if p.group.role == "leaders"]
        assert own.key == f"biweekly_digest:2025-W18:feishu:@fs/{OPEN_ID}"
        assert "【双周调度会·包联项目】钱副区长" in own.message.text
        assert "东城物流园" in own.message.text and "西城厂房" in own.message.text
        assert "1 位领导的包联项目已单独发送" in group.message.text
        assert "@钱副区长" not in group.message.text  # no line for him in the group
        assert "@孙副区长" not in group.message.text  # a leader without projects has none

        await deliver(ctx, pushes, at(DIGEST_DAY))
        await _worker(ctx, http).run_once()
        [sent] = feishu.sent_to(OPEN_ID)
        assert sent["msg_type"] == "interactive"  # a card: Feishu draws its markdown
        assert "钱副区长" in sent["content"]["elements"][0]["content"]
        async with ctx.db.read() as session:
            row = (
                await session.execute(select(Outbox).where(Outbox.destination == f"@fs/{OPEN_ID}"))
            ).scalar_one()
        assert row.status == "sent"
    finally:
        await ctx.db.dispose()


async def test_a_leaders_own_projects_in_januarys_first_days_show_no_ratio_to_schedule(
    tmp_path: Path, feishu: FeishuServer
) -> None:
    # 6 January: 序时 is judged from the 15th, as the group's digest says; “完成序时 0%” of
    # four days' plan is no news about a leader's projects either
    ctx = await _context(tmp_path, _feishu_bot(feishu, direct=True))
    try:
        early = await biweekly_digest(ctx, at("2026-01-06 08:30"))
        [own] = [p.message.text for p in early if p.group.role == "person"]
        assert "1月6日；2026年1月15日起考核序时）" in own and "完成序时" not in own
        later = await biweekly_digest(ctx, at("2026-01-20 08:30"))
        [own] = [p.message.text for p in later if p.group.role == "person"]
        assert "完成序时 " in own and "起考核序时" not in own
    finally:
        await ctx.db.dispose()


async def test_without_a_direct_bot_the_leader_has_a_line_in_the_group(
    tmp_path: Path, feishu: FeishuServer
) -> None:
    ctx = await _context(tmp_path, _feishu_bot(feishu, direct=False))
    try:
        pushes = await biweekly_digest(ctx, at(DIGEST_DAY))
        assert [p.group.role for p in pushes] == ["leaders"]
        assert "@钱副区长 2 个" in pushes[0].message.text
        assert "单独发送" not in pushes[0].message.text
    finally:
        await ctx.db.dispose()


def test_direct_is_refused_where_it_is_not_built() -> None:
    with pytest.raises(ValidationError, match="需要自建应用"):
        BotSettings(
            name="wx",
            platform="wecom",
            kind="aibot",
            token="t" * 20,
            encoding_aes_key="k" * 43,
            direct=True,
        )
    with pytest.raises(ValidationError, match="需要 app_key"):
        BotSettings(name="dd", platform="dingtalk", app_secret="s" * 20, direct=True)


async def test_a_leader_on_dingtalk_gets_their_projects_one_to_one(
    tmp_path: Path, dingtalk: DingTalkServer, http: ClientSession
) -> None:
    bot = {
        "name": "dd",
        "platform": "dingtalk",
        "app_key": "ding-app-key",
        "app_secret": "ding-app-secret-0123456789",
        "api_base": dingtalk.base_url,
        "direct": True,
    }
    ctx = await _context(tmp_path, bot, platform="dingtalk", account="leader-staff-1")
    try:
        pushes = await biweekly_digest(ctx, at(DIGEST_DAY))
        [own] = [p for p in pushes if p.group.role == "person"]
        assert own.group.name == "@dd/leader-staff-1"
        await deliver(ctx, pushes, at(DIGEST_DAY))
        await _worker(ctx, http).run_once()
        [sent] = dingtalk.sent_to("leader-staff-1")
        assert sent["robotCode"] == "ding-app-key" and sent["msgKey"] == "sampleMarkdown"
        assert "【双周调度会·包联项目】钱副区长" in sent["msgParam"]["text"]
    finally:
        await ctx.db.dispose()


async def test_an_owner_on_feishu_gets_their_missing_projects_one_to_one(
    tmp_path: Path, feishu: FeishuServer
) -> None:
    ctx = await _context(tmp_path, _feishu_bot(feishu, direct=True))
    try:
        async with ctx.db.write() as session:
            owner = (
                await session.execute(select(Person).where(Person.mobile == OWNER))
            ).scalar_one()
            session.add(Identity(person_id=owner.id, platform="feishu", external_id="ou_owner"))
        pushes = await reminders.nudge(ctx, at("2025-05-08 15:00"))
        [own] = [p for p in pushes if p.group.role == "person"]
        assert own.group.name == "@fs/ou_owner"
        assert "【催报】张伟，您还有 5 个项目未报2025年第19周" in own.message.text
        assert "· 东城物流园" in own.message.text and "/模板 全部" in own.message.text
        [group] = [p for p in pushes if p.group.role == "owners"]
        assert "@张伟" in group.message.text  # the group still says who is missing
    finally:
        await ctx.db.dispose()


async def test_a_leader_on_wecom_gets_their_projects_as_an_app_message(
    tmp_path: Path, wecom: WeComServer, http: ClientSession
) -> None:
    bot = {
        "name": "wxapp",
        "platform": "wecom",
        "kind": "app",
        "token": "wecom-callback-token-01",
        "encoding_aes_key": "k" * 43,
        "corp_id": APP[0],
        "agent_id": 1000002,
        "app_secret": APP[1],
        "api_base": wecom.base_url,
        "direct": True,
    }
    ctx = await _context(tmp_path, bot, platform="wecom", account="qianfuquzhang")
    try:
        pushes = await biweekly_digest(ctx, at(DIGEST_DAY))
        await deliver(ctx, pushes, at(DIGEST_DAY))
        await _worker(ctx, http).run_once()
        [sent] = wecom.sent_to("qianfuquzhang")
        assert sent["agentid"] == 1000002 and sent["msgtype"] == "markdown"
        assert "【双周调度会·包联项目】钱副区长" in sent["markdown"]["content"]
    finally:
        await ctx.db.dispose()
