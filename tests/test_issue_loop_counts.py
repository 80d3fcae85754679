"""The issue loop's figures and @s: overdue counted as /问题清单 and the dashboard count it,
and nobody @'d for an issue the message does not list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from core.settings.messages import BudgetSettings
from domain.clock import parse_local_time
from scheduler.context import JobContext, Push
from scheduler.digest import biweekly_digest
from scheduler.issue_loop import issue_loop
from scheduler.leader_weekly import leader_weekly
from tests.support.issues import ask_to_close, assign_issue
from tests.support.seed import COLLEAGUE, LEADER, OWNER


def _top(ctx: JobContext, role: str, top: int) -> JobContext:
    """`ctx` with a group role's pushes listing at most `top` issues."""
    messages = ctx.settings.messages.model_copy(update={role: BudgetSettings(top=top)})
    return replace(ctx, settings=ctx.settings.model_copy(update={"messages": messages}))


async def _run(ctx: JobContext, at: str) -> dict[str, Push]:
    return {push.group.role: push for push in await issue_loop(ctx, parse_local_time(at))}


async def test_the_leaders_count_an_overdue_issue_waiting_for_its_closing(
    ctx: JobContext,
) -> None:
    # /问题清单 超期 and the dashboard count an issue whose 销号 waits for the office as overdue
    # (asked for is not 销号'd); the leaders were told one fewer, and nothing of it
    pressed = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 17), OWNER)
    asked = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 17), OWNER)
    await ask_to_close(ctx, asked)
    pushes = await _run(ctx, "2025-04-21 09:30")
    leaders = pushes["leaders"].message.text
    assert "超期未销号问题 2 个（其中 1 个已申请销号、待专班办公室确认）" in leaders
    assert f"❗ #{pressed} 城区智慧物流园" in leaders
    assert "已申请销号、待专班办公室确认：" in leaders
    assert f"⏸ #{asked} 北石店工业园区标准化厂房：临时用地手续未办结" in leaders
    # not pressed: its handler is not chased while the office decides
    assert f"#{asked} " not in pushes["unit:北石店镇"].message.text


async def test_a_unit_group_calls_out_only_the_handlers_of_the_issues_listed(
    ctx: JobContext,
) -> None:
    # two issues, room for one: 王强's, due soon, is only in "另有 1 个", so he is not @'d
    late = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 17), OWNER)
    soon = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 23), COLLEAGUE)
    message = (await _run(_top(ctx, "units", 1), "2025-04-21 09:30"))["unit:北石店镇"].message
    assert f"#{late} " in message.text and f"#{soon} " not in message.text
    assert "另有 1 个" in message.text
    assert [m.name for m in message.mentions] == ["张伟"]


async def test_the_leaders_summary_calls_out_only_the_handlers_of_the_issues_listed(
    ctx: JobContext,
) -> None:
    # an issue handed to 钱副区长, due soon, does not fit: he is not @'d for "另有 1 个"
    late = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 17), OWNER)
    soon = await assign_issue(ctx, "P001", "区发改科技局", date(2025, 4, 23), LEADER)
    message = (await _run(_top(ctx, "leaders", 1), "2025-04-21 09:30"))["leaders"].message
    assert f"❗ #{late} " in message.text and f"#{soon} " not in message.text
    assert "另有 1 个" in message.text
    assert not message.mentions


async def test_the_digest_says_how_many_overdue_wait_for_their_closing(ctx: JobContext) -> None:
    # the 调度会 digest counted the asked-for issue among the overdue without saying so
    await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 17), OWNER)
    await ask_to_close(ctx, await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 17), OWNER))
    [digest] = await biweekly_digest(ctx, parse_local_time("2025-04-29 08:30"))
    said = "超期未销号 2 个（其中 1 个已申请销号、待专班办公室确认）；"
    assert said in digest.message.text


async def test_a_leaders_week_says_how_many_overdue_wait_for_their_closing(
    ctx: JobContext,
) -> None:
    # 钱副区长 包联 P001: two overdue issues on it, one asked to be closed
    first = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 17), OWNER)
    asked = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 17), OWNER)
    await ask_to_close(ctx, asked)
    [push] = await leader_weekly(ctx, parse_local_time("2025-04-21 09:30"))
    qian = next(line for line in push.message.text.splitlines() if line.startswith("@钱副区长"))
    overdue = f"#{first} 临时用地手续未办结、#{asked} 临时用地手续未办结"
    assert f"；问题 2 个（超期 {overdue}，其中 1 个已申请销号、待专班办公室确认）" in qian
