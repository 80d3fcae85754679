"""Monday's reminder on the demo ledger (58 owners in 18 units), as the owners' phones show it
on each platform: within the phone budget, each owner @'d on their unit's line instead of a
wall of names at the end, and every owner who must report still notified."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
from sqlalchemy import select

from bot.outbox.service import OutboxWorker, platform_outbounds
from core.messages import Mention
from core.settings.messages import BudgetSettings, MessageSettings
from domain.budget import measure
from domain.clock import parse_local_time
from scheduler.context import JobContext
from scheduler.deliver import deliver
from scheduler.jobs import build_jobs
from storage.models import Identity, Person
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.robot import TestClock
from tests.fakes.wecom_server import WeComServer
from tests.support.demo import demo_context

MONDAY = "2025-04-28 09:00"  # the demo's history ends the Thursday before: nobody has reported


def _group(name: str, platform: str, webhook: str, secret: str | None = None) -> dict[str, Any]:
    return {"name": name, "platform": platform, "role": "owners", "webhook": webhook,
            "secret": secret}  # fmt: skip


async def _accounts(ctx: JobContext, platform: str) -> dict[str, str]:
    """mobile → account on `platform` of everyone bound there."""
    async with ctx.db.read() as session:
        rows = await session.execute(
            select(Person.mobile, Identity.external_id)
            .join(Identity, Identity.person_id == Person.id)
            .where(Identity.platform == platform)
        )
        return {mobile: account for mobile, account in rows.all()}


def _unit_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "@" in line]


async def test_monday_reminder_names_each_owner_on_a_unit_line_within_the_budget(
    tmp_path: Path,
    http: ClientSession,
    wecom: WeComServer,
    dingtalk: DingTalkServer,
    feishu: FeishuServer,
) -> None:
    groups = [
        _group("企业微信责任人群", "wecom", wecom.webhook()),
        _group("钉钉责任人群", "dingtalk", dingtalk.webhook(), "SECrobot-secret-0123456789"),
        _group("飞书责任人群", "feishu", feishu.webhook(), "feishu-bot-secret"),
    ]
    ctx = await demo_context(tmp_path, groups=groups)
    try:
        pushes = await build_jobs()["weekly_reminder"].run(ctx, parse_local_time(MONDAY))
        assert len(pushes) == 3
        owners: set[str] = set()
        for push in pushes:
            text, mentions = push.message.text, push.message.mentions
            owners = {m.mobile for m in mentions if m.mobile}
            assert len(owners) > 50  # every owner of the demo owes this week's report
            assert measure(text).within(ctx.budget("owners")), text
            # each @ where the reader looks for it: on their unit's line, no block at the end
            assert all(m.written_in(text) for m in mentions), text
            lines = _unit_lines(text)
            assert all(line.split("：")[0].endswith(("镇", "街道", "局")) for line in lines)
            assert max(line.count("@") for line in lines) <= 8
        now = parse_local_time(MONDAY)
        await deliver(ctx, pushes, now)
        worker = OutboxWorker(ctx.db, ctx.settings, http, platform_outbounds(), TestClock())
        while await worker.run_once():
            pass
        await _check_wecom(ctx, wecom.delivered(), pushes[0].message.mentions)
        await _check_dingtalk(dingtalk.delivered(), owners)
        await _check_feishu(ctx, feishu.delivered(), owners)
        await _check_a_smaller_budget(ctx)
    finally:
        await ctx.db.dispose()


async def _check_a_smaller_budget(ctx: JobContext) -> None:
    # a county whose units do not all fit: the last ones share one 另有 line, nobody dropped
    messages = MessageSettings(owners=BudgetSettings(lines=20))
    small = replace(ctx, settings=ctx.settings.model_copy(update={"messages": messages}))
    [push, *_] = await build_jobs()["weekly_reminder"].run(small, parse_local_time(MONDAY))
    text = push.message.text
    assert measure(text).within(small.budget("owners")), text
    assert all(m.written_in(text) for m in push.message.mentions)
    assert "另有 " in text.splitlines()[-1]


async def _check_wecom(ctx: JobContext, bodies: list[Any], mentions: tuple[Mention, ...]) -> None:
    # one message; a bound owner is `<@userid>` on their line, the others ride in the mobiles
    [body] = bodies
    text = body["text"]
    unbound = {m.mobile for m in mentions if not m.user_id}
    assert set(text.get("mentioned_mobile_list", [])) == unbound
    accounts = await _accounts(ctx, "wecom")
    for mention in mentions:
        if mention.user_id:
            assert f"<@{accounts[mention.mobile or '']}>" in text["content"]


async def _check_dingtalk(bodies: list[Any], owners: set[str]) -> None:
    # DingTalk draws an @ only where `@mobile` is written as well as in atMobiles
    [body] = bodies
    assert set(body["at"]["atMobiles"]) == owners
    shown = body["markdown"]["text"]
    assert all(f"@{mobile}" in shown for mobile in owners)
    assert "@" not in shown.rstrip().splitlines()[-1].split("：")[0]  # no trailing wall


async def _check_feishu(ctx: JobContext, bodies: list[Any], owners: set[str]) -> None:
    # the reminder's bold title makes it a card: an owner with a Feishu account is an
    # `<at id=…>` on their unit's line, and the card ends with a unit's line, not a block
    [body] = bodies
    content = body["card"]["elements"][0]["content"]
    accounts = await _accounts(ctx, "feishu")
    bound = {accounts[mobile] for mobile in owners if mobile in accounts}
    assert bound
    assert all(f"<at id={account}></at>" in content for account in bound)
    last = content.rstrip().splitlines()[-1]
    assert "：" in last and not last.startswith(("@", "<at"))
