"""`/调度会` and `/调度会 改期`: one occurrence moves, the series stays (SPEC §4)."""

from __future__ import annotations

import itertools

import pytest

from bot.render import Renderer
from core.messages import InboundMessage, Reply
from handlers import meeting
from handlers.context import Context
from handlers.dispatch import Router, dispatch
from scheduler.context import JobContext
from scheduler.digest import biweekly_digest
from storage.repos import people
from tests.support.digest_ledger import ADMIN, LEADER, OWNER, at

_ids = itertools.count(1)
RENDER = Renderer()


async def _no_report(ctx: Context) -> list[Reply]:
    return []


ROUTER = Router.build(meeting.commands(), on_report=_no_report, is_report=lambda text: False)


async def _say(job: JobContext, mobile: str, text: str, when: str) -> tuple[str, list[str]]:
    """Send `text` as the ledger person `mobile` at `when`: the reply and the pushes' text."""
    now = at(when)
    async with job.db.write() as session:
        msg = InboundMessage(
            platform="local",
            bot="local",
            chat_id="office",
            sender_id=mobile,
            text=text,
            msg_id=f"m{next(_ids)}",
            received_at=now,
        )
        sender = await people.by_mobile(session, mobile)
        context = Context(session, job.settings, job.calendar, msg, now, sender)
        [reply] = await dispatch(ROUTER, context)
    pushed = [f"{p.role}:{RENDER.reply(p.reply)}" for p in context.pushes]
    return RENDER.reply(reply), pushed


async def _digest_days(job: JobContext, *days: str) -> list[str]:
    """The days among `days` (MM-DD, 2025) on which the digest goes out."""
    held = []
    for day in days:
        if await biweekly_digest(job, at(f"2025-{day} 08:30")):
            held.append(day)
    return held


async def test_anyone_registered_sees_the_next_meeting(digest_ctx: JobContext) -> None:
    reply, _ = await _say(digest_ctx, OWNER, "/调度会", "2025-04-24 10:00")
    assert "下次双周调度会：4月29日（周二）" in reply


async def test_admin_moves_one_meeting_and_the_series_stays(digest_ctx: JobContext) -> None:
    reply, pushed = await _say(digest_ctx, ADMIN, "/调度会 改期 4月30日", "2025-04-24 10:00")
    assert "原定4月29日（周二）的双周调度会改至4月30日（周三）" in reply
    assert pushed == [
        "leaders:【调度会改期】原定4月29日（周二）的双周调度会改至4月30日（周三）（赵敏），"
        "调度简报当天推送；之后的调度会仍按原安排。"
    ]
    assert await _digest_days(digest_ctx, "04-29", "04-30", "05-13", "05-27") == [
        "04-30",
        "05-13",
        "05-27",
    ]
    [digest, *_] = await biweekly_digest(digest_ctx, at("2025-04-30 08:30"))
    assert digest.key == "biweekly_digest:2025-W18:local:包联领导群"  # still that occasion
    assert "4月30日（周三）项目建设情况**（原定4月29日，已改期）" in digest.message.text
    reply, _ = await _say(digest_ctx, LEADER, "/调度会", "2025-04-29 10:00")
    assert "下次双周调度会：4月30日（周三）" in reply


async def test_a_moved_meeting_can_move_again(digest_ctx: JobContext) -> None:
    await _say(digest_ctx, ADMIN, "/调度会 改期 4月30日", "2025-04-24 10:00")
    reply, _ = await _say(digest_ctx, ADMIN, "/调度会 改期 2025-05-06", "2025-04-29 10:00")
    assert "原改至4月30日（周三）的双周调度会改至5月6日（周二）" in reply
    assert await _digest_days(digest_ctx, "04-29", "04-30", "05-06", "05-13") == ["05-06", "05-13"]


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        ("改期 5月1日", "5月1日不是工作日"),
        ("改期 5月13日", "不能晚于再下一次调度会（5月13日）"),
        ("改期 4月20日", "4月20日的简报推送时间已过"),
        ("改期 4月29日", "下次调度会已经在4月29日"),
        ("改期 下周三", "日期“下周三”无法识别"),
        ("改期", "请写明改到哪一天"),
    ],
)
async def test_moves_that_cannot_be(digest_ctx: JobContext, words: str, problem: str) -> None:
    reply, pushed = await _say(digest_ctx, ADMIN, f"/调度会 {words}", "2025-04-24 10:00")
    assert f"无法改期：{problem}" in reply
    assert pushed == []
    assert await _digest_days(digest_ctx, "04-29") == ["04-29"]


async def test_today_only_before_the_digest_goes_out(digest_ctx: JobContext) -> None:
    reply, _ = await _say(digest_ctx, ADMIN, "/调度会 改期 4月28日", "2025-04-28 09:00")
    assert "4月28日的简报推送时间已过" in reply
    reply, _ = await _say(digest_ctx, ADMIN, "/调度会 改期 4月28日", "2025-04-28 07:00")
    assert "改至4月28日（周一）" in reply


async def test_only_an_admin_moves_it(digest_ctx: JobContext) -> None:
    reply, pushed = await _say(digest_ctx, LEADER, "/调度会 改期 4月30日", "2025-04-24 10:00")
    assert "仅限专班办公室管理员" in reply
    assert pushed == []
    assert await _digest_days(digest_ctx, "04-29", "04-30") == ["04-29"]


async def test_unknown_action_gets_the_usage(digest_ctx: JobContext) -> None:
    reply, _ = await _say(digest_ctx, ADMIN, "/调度会 取消", "2025-04-24 10:00")
    assert "不认识的操作“取消”" in reply
    assert "/调度会 [改期 <日期>]" in reply
