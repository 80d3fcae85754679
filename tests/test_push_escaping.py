"""User text in replies and pushes is escaped for each platform: only our templates make markup."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.adapters import dingtalk, feishu, wecom
from bot.adapters.dialects import ESCAPES
from bot.app import create_app
from bot.keys import DB
from bot.render import Renderer
from core.messages import Mention, OutboundMessage
from core.settings import GroupSettings
from domain.clock import SHANGHAI
from scheduler.context import Push
from storage.models import Outbox
from tests.support.apps import LOCAL_GROUPS, app_settings, seeded_client
from tests.support.chat import chat
from tests.support.jobs import seeded_context
from tests.support.seed import ADMIN, OWNER

MENTION_ALL = "<@all>"
FONT = '<font color="warning">紧急：请立即转账</font>'
LINK = "[点此办理](http://evil.example/x)"
HOSTILE = f'{MENTION_ALL}{FONT}{LINK}\n# 通知\n**加粗**<at user_id="all">所有人</at>'
OUTBOUND = {"wecom": wecom.OUTBOUND, "dingtalk": dingtalk.OUTBOUND, "feishu": feishu.OUTBOUND}
OFFICE = [
    {"name": f"{platform}专班群", "platform": platform, "role": "office",
     "webhook": f"http://127.0.0.1:9/{platform}"}
    for platform in OUTBOUND
]  # fmt: skip


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    settings = app_settings(tmp_path, groups=[*LOCAL_GROUPS, *OFFICE], outbox={"enabled": False})
    return await seeded_client(aiohttp_client, create_app(settings))


def _live_markup(text: str) -> list[str]:
    """The hostile pieces that would still work as markup in `text`."""
    pieces = [MENTION_ALL, "<font", "](http", "\n# ", "**加粗**", "<at "]
    return [piece for piece in pieces if piece in text]


def _wire_text(body: dict[str, Any]) -> str:
    """Every string of a request body, joined (content, markdown text, card or post)."""
    if isinstance(body, dict):
        return "\n".join(_wire_text(value) for value in body.values())
    if isinstance(body, list):
        return "\n".join(_wire_text(value) for value in body)
    return body if isinstance(body, str) else ""


async def _office_pushes(client: TestClient) -> dict[str, str]:
    async with client.app[DB].read() as session:
        rows = (await session.execute(select(Outbox))).scalars()
        return {row.platform: row.payload["text"] for row in rows if "issue" in row.idempotency_key}


async def test_issue_text_reaches_each_platform_inert(client: TestClient) -> None:
    await chat(client, OWNER, f"/问题 物流园 {HOSTILE}")
    pushed = await _office_pushes(client)
    assert set(pushed) == {"local", "wecom", "dingtalk", "feishu"}
    assert "<@all>" in pushed["local"]  # the simulator shows what was typed (its page escapes)
    for platform, outbound in OUTBOUND.items():
        assert _live_markup(pushed[platform]) == [], platform
        assert "紧急：请立即转账" in pushed[platform] and "点此办理" in pushed[platform]
        for body in outbound.payloads(OutboundMessage(text=pushed[platform])):
            assert _live_markup(_wire_text(body)) == [], (platform, body)
    # A link in the issue text no longer turns the Feishu push into a card that renders it.
    [body] = feishu.OUTBOUND.payloads(OutboundMessage(text=pushed["feishu"]))
    assert body["msg_type"] == "post"


async def test_replies_are_escaped_for_the_platform_asked(client: TestClient) -> None:
    renderer = Renderer(dialects=ESCAPES)
    data = {"issue": {"number": 7, "project": "物流园", "category": "其他", "text": HOSTILE},
            "by": "张伟"}  # fmt: skip
    for platform in OUTBOUND:
        assert _live_markup(renderer.render("pushes/issue_new", data, dialect=platform)) == []
    local = renderer.render("pushes/issue_new", data, dialect="local")
    assert renderer.render("pushes/issue_new", data) == local
    assert MENTION_ALL in renderer.render("pushes/issue_new", data)


@pytest.mark.parametrize("platform", list(OUTBOUND))
def test_our_own_markup_is_kept_and_values_are_not(platform: str) -> None:
    renderer = Renderer(dialects=ESCAPES)
    issue = {"number": 3, "project": "**物流园**", "text": LINK, "who": "<@all>",
             "deadline": date(2025, 5, 1), "late": 2, "level": 2,
             "leaders": ["<@all>"]}  # fmt: skip
    data = {"day": "4月24日", "today": date(2025, 5, 3), "total": 1, "top": [issue],
            "top_level": 2, "others": [], "more": 0, "handed": True,
            "soon": [{**issue, "left": 2, "due_today": False}]}  # fmt: skip
    text = renderer.render("pushes/issue_loop_leaders", data, dialect=platform)
    assert text.startswith("**【问题督办】")  # the template's bold survives
    assert "**物流园**" not in text and "<@all>" not in text and "](http" not in text


async def test_a_supervision_note_reaches_the_unit_group_inert(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    unit = {"name": "北石店镇企微群", "platform": "wecom", "role": "unit:北石店镇",
            "webhook": "http://127.0.0.1:9/unit"}  # fmt: skip
    settings = app_settings(tmp_path, groups=[*LOCAL_GROUPS, unit], outbox={"enabled": False})
    client = await seeded_client(aiohttp_client, create_app(settings))
    await chat(client, ADMIN, "/问题 物流园 用地手续")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日")
    assert "已督办" in await chat(client, ADMIN, f"/督办 #1 {FONT}")
    async with client.app[DB].read() as session:
        rows = (await session.execute(select(Outbox).where(Outbox.platform == "wecom"))).scalars()
        texts = [row.payload["text"] for row in rows if "supervised" in row.idempotency_key]
    assert len(texts) == 1 and "紧急：请立即转账" in texts[0]
    assert _live_markup(texts[0]) == []


async def test_scheduled_pushes_are_rendered_for_their_group_platform(tmp_path: Path) -> None:
    ctx = await seeded_context(tmp_path)  # the job context `diaodu jobs run` builds
    data = {"issue": {"number": 7, "project": "物流园", "category": "其他", "text": HOSTILE},
            "by": ""}  # fmt: skip
    try:
        for platform in [*OUTBOUND, "local"]:
            group = GroupSettings(name="群", platform=platform, role="office")
            text = Push.of(ctx, group, "t", "pushes/issue_new", data).message.text
            assert (_live_markup(text) == []) is (platform != "local"), platform
    finally:
        await ctx.db.dispose()


def test_template_mentions_stay_mentions_and_typed_ones_do_not() -> None:
    renderer = Renderer(dialects=ESCAPES)
    zhang = Mention(name="张伟", mobile="13900000003", user_id="zhangwei")
    data = {
        "period": "第17周", "total": 1, "deadline": datetime(2025, 4, 25, 17, tzinfo=SHANGHAI),
        "units": [{"unit": "@张伟 北石店镇", "count": 1, "people": ["张伟"]}], "rest": {"units": 0},
        "moved": None,
    }  # fmt: skip
    for platform, outbound in OUTBOUND.items():
        text = renderer.render("pushes/nudge", data, dialect=platform)
        assert text.count("@张伟") == 1 and "＠张伟 北石店镇" in text, platform
        [body] = outbound.payloads(OutboundMessage(text=text, mentions=(zhang,)))
        wire = _wire_text(body)
        assert "＠张伟 北石店镇" in wire, platform  # typed: stays text
        assert "@张伟" not in wire, platform  # ours: became the platform's mention in place
