"""The issue loop: reminders before the deadline, one 督办 a working day after it, 升级."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import func, select

from domain.clock import parse_local_time
from scheduler.context import JobContext, Push
from scheduler.issue_loop import issue_loop, issue_loop_due
from scheduler.issue_press import ACTION
from scheduler.jobs import Job
from scheduler.runner import run_job
from storage.db import Database
from storage.models import Issue, IssueEvent, Outbox, Person, Project
from storage.repos.issues import open_issue, record
from tests.support.issues import ask_to_close, assign_issue
from tests.support.seed import LEADER, OWNER

JOB = Job(
    id="issue_loop",
    title="问题办理提醒与督办",
    setting=lambda s: s.issue_loop,
    due=issue_loop_due,
    run=issue_loop,
)


async def _run(ctx: JobContext, at: str) -> dict[str, Push]:
    return {push.group.role: push for push in await issue_loop(ctx, parse_local_time(at))}


async def _state(db: Database, number: int) -> tuple[int, str, int]:
    """Escalation level, state and how many automatic 督办 entries the issue has."""
    async with db.read() as session:
        issue = (await session.execute(select(Issue).where(Issue.number == number))).scalar_one()
        count = select(func.count()).where(
            IssueEvent.issue_id == issue.id, IssueEvent.action == ACTION
        )
        return issue.escalation_level, issue.state, (await session.execute(count)).scalar_one()


async def test_due_soon_reminds_the_unit_group_naming_the_assignee(ctx: JobContext) -> None:
    number = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 23), OWNER)
    pushes = await _run(ctx, "2025-04-21 09:30")
    assert set(pushes) == {"unit:北石店镇"}  # nothing overdue: the leaders are not bothered
    message = pushes["unit:北石店镇"].message
    assert f"#{number} 北石店工业园区标准化厂房：临时用地手续未办结" in message.text
    assert "还剩 2 个工作日" in message.text
    assert [m.name for m in message.mentions] == ["张伟"]
    assert await _state(ctx.db, number) == (0, "已交办", 0)  # a reminder changes nothing


async def test_an_issue_handed_to_a_unit_calls_out_its_owners_of_the_project(
    ctx: JobContext,
) -> None:
    # handed to 北石店镇 with no person: "请承办人抓紧办理" @'d nobody, where the 交办 had
    # called out 张伟, who owns 厂房 there (王强, of the same town, owns nothing)
    number = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 18), None)
    message = (await _run(ctx, "2025-04-21 09:30"))["unit:北石店镇"].message
    assert f"#{number} 北石店工业园区标准化厂房" in message.text
    assert "承办：北石店镇，" in message.text
    assert [m.name for m in message.mentions] == ["张伟"]


async def test_an_issue_handed_to_a_unit_without_the_projects_owners_calls_out_nobody(
    ctx: JobContext,
) -> None:
    # 物流园 handed to 西街街道: 李娜 works there but owns another project, so she is not @'d
    await assign_issue(ctx, "P001", "西街街道", date(2025, 4, 23), None)
    message = (await _run(ctx, "2025-04-21 09:30"))["owners"].message
    assert "承办：西街街道，" in message.text and not message.mentions


async def test_a_deadline_on_a_sunday_is_not_due_on_friday(ctx: JobContext) -> None:
    # on Friday it said 今天到期 for Sunday's deadline (no working day left before it)
    number = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 20), OWNER)
    text = (await _run(ctx, "2025-04-18 09:30"))["unit:北石店镇"].message.text
    assert f"#{number} " in text and "今天到期" not in text
    assert "期限 4月20日（周日），到期前已无工作日" in text


async def test_overdue_is_pressed_once_a_working_day_then_raised(ctx: JobContext) -> None:
    # 西街街道 has no group of its own: its issues are told in the owners group.
    number = await assign_issue(ctx, "P001", "西街街道", date(2025, 4, 18), None)
    first = await _run(ctx, "2025-04-21 09:30")
    assert "已超期 3 天，第 1 次督办" in first["owners"].message.text
    assert "升级" not in first["leaders"].message.text
    assert await _run(ctx, "2025-04-21 15:00") == first  # again the same day: nothing new
    assert await _state(ctx.db, number) == (1, "督办中", 1)
    second = await _run(ctx, "2025-04-22 09:30")
    leaders = second["leaders"].message
    assert "升级督办" in leaders.text and "第 2 次督办" in leaders.text
    assert [m.name for m in leaders.mentions] == ["钱副区长"]  # the 包联 leader of 物流园
    assert "第 2 次督办；包联领导 钱副区长）" in leaders.text
    assert "未设包联领导" not in leaders.text
    office = [p.message.text for p in await issue_loop(ctx, parse_local_time("2025-04-22 09:40"))]
    assert not any("项目未设包联领导" in text for text in office)  # its leader sees to it
    async with ctx.db.read() as session:
        event = (
            (await session.execute(select(IssueEvent).where(IssueEvent.action == ACTION)))
            .scalars()
            .first()
        )
    assert event is not None and event.actor_id is None  # the bot, not a person


async def test_an_escalated_issue_without_a_leader_is_told_to_the_office(
    ctx: JobContext,
) -> None:
    """西街老旧小区 has no 包联 leader: the leaders' push asks the office to take it higher,
    and the office, which may not be in the leaders' group, is told itself."""
    number = await assign_issue(ctx, "P003", "西街街道", date(2025, 4, 18), None)
    await _run(ctx, "2025-04-21 09:30")
    second = await issue_loop(ctx, parse_local_time("2025-04-22 09:30"))
    leaders = next(p.message.text for p in second if p.group.role == "leaders")
    assert "未设包联领导的，请专班办公室报分管领导" in leaders
    [office] = [p.message.text for p in second if p.group.role == "office"]  # one message
    assert "**【专班待办】" in office and "升级督办、项目未设包联领导 1 个" in office
    assert f"#{number} 西街老旧小区改造：" in office and "第 2 次督办" in office
    assert "请报分管领导协调解决" in office


async def test_an_issue_a_leader_pressed_this_morning_waits_a_working_day(
    ctx: JobContext,
) -> None:
    number = await assign_issue(ctx, "P001", "西街街道", date(2025, 4, 18), None)
    async with ctx.db.write() as session:  # /督办 at 09:10, as the command records it
        issue = (await session.execute(select(Issue).where(Issue.number == number))).scalar_one()
        issue.escalation_level += 1
        at = parse_local_time("2025-04-21 09:10")
        record(session, issue, actor_id=None, action="督办", to_state="督办中", at=at)
    pushes = await _run(ctx, "2025-04-21 09:30")
    # not pressed again twenty minutes later, and so not raised to the leaders as pressed twice
    assert await _state(ctx.db, number) == (1, "督办中", 0)
    assert "升级" not in pushes["leaders"].message.text
    assert "第 2 次督办" not in pushes["owners"].message.text
    await _run(ctx, "2025-04-22 09:30")  # the next working day, as the reply said
    assert await _state(ctx.db, number) == (2, "督办中", 1)


async def test_a_longer_interval_for_people_leaves_the_loop_pressing_daily(
    ctx: JobContext,
) -> None:
    ctx.settings.issues.supervise_interval_workdays = 3  # a person's /督办: every 3 days
    number = await assign_issue(ctx, "P001", "西街街道", date(2025, 4, 18), None)
    await _run(ctx, "2025-04-21 09:30")
    await _run(ctx, "2025-04-22 09:30")  # the loop's own 督办 stays once a working day
    assert await _state(ctx.db, number) == (2, "督办中", 2)


async def test_holidays_are_skipped_and_adjusted_sundays_worked(ctx: JobContext) -> None:
    number = await assign_issue(ctx, "P004", "北石店镇", date(2025, 4, 25), OWNER)
    assert await _run(ctx, "2025-04-26 09:30") == {}  # Saturday
    assert await _run(ctx, "2025-04-27 09:30")  # Sunday worked (调休)
    for day in range(1, 6):  # 劳动节
        assert not issue_loop_due(ctx, date(2025, 5, day))
        assert await _run(ctx, f"2025-05-0{day} 09:30") == {}
    assert await _state(ctx.db, number) == (1, "督办中", 1)
    await _run(ctx, "2025-05-06 09:30")
    assert await _state(ctx.db, number) == (2, "督办中", 2)


@pytest.mark.parametrize("restart", [False, True])
async def test_twice_and_from_two_processes_presses_and_pushes_once(
    backend_ctx: JobContext, other_process_ctx: JobContext, restart: bool
) -> None:
    ctx, other = backend_ctx, other_process_ctx
    number = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 18), OWNER)
    at = parse_local_time("2025-04-21 09:30")
    if restart:  # pressed and committed, then the process died before queuing
        await issue_loop(ctx, at)
    first = await asyncio.gather(run_job(ctx, JOB, at), run_job(other, JOB, at))
    again = await run_job(ctx, JOB, at)
    async with ctx.db.read() as session:
        queued = (await session.execute(select(func.count()).select_from(Outbox))).scalar()
    assert (sum(first), again, queued) == (2, 0, 2)  # the unit group and the leaders
    assert await _state(ctx.db, number) == (1, "督办中", 1)


async def test_a_dry_run_shows_the_press_and_changes_nothing(ctx: JobContext) -> None:
    number = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 18), OWNER)
    pushes = await issue_loop(ctx, parse_local_time("2025-04-21 09:30"), dry_run=True)
    assert any("第 1 次督办" in push.message.text for push in pushes)
    assert await _state(ctx.db, number) == (0, "已交办", 0)


async def test_the_office_hears_once_a_day_what_waits_for_it(ctx: JobContext) -> None:
    async with ctx.db.write() as session:
        street = select(Project).where(Project.code == "P003")
        project = (await session.execute(street)).scalar_one()
        owner = (await session.execute(select(Person).where(Person.mobile == OWNER))).scalar_one()
        at = parse_local_time("2025-04-22 10:00")
        await open_issue(
            session, project_id=project.id, text="施工许可待审批", raised_by_id=owner.id, at=at
        )
    asked = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 30), OWNER)
    await ask_to_close(ctx, asked)
    office = (await _run(ctx, "2025-04-23 09:30"))["office"].message.text
    assert "【专班待办】4月23日（周三）" in office
    assert "**待交办问题 1 个**（新增 1 个）" in office
    assert "西街老旧小区改造：施工许可待审批（4月22日 张伟提出）" in office
    assert "**销号申请待确认 1 个**" in office
    assert f"#{asked} 城区智慧物流园：临时用地手续未办结（张伟申请）" in office
    assert "未送达" not in office  # nothing reached nobody
    assert "office" not in await _run(ctx, "2025-04-24 09:30")  # nothing new: nothing said
    monday = (await _run(ctx, "2025-04-28 09:30"))["office"].message.text  # the week's reminder
    assert "**待交办问题 1 个**\n" in monday and "**销号申请待确认 1 个**" in monday


async def test_an_issue_waiting_for_its_closing_to_be_confirmed_is_not_pressed(
    ctx: JobContext,
) -> None:
    number = await assign_issue(ctx, "P001", "北石店镇", date(2025, 4, 18), OWNER)
    await ask_to_close(ctx, number)
    pushes = await _run(ctx, "2025-04-21 09:30")
    assert set(pushes) == {"office"}  # the office is asked to confirm; nobody else is chased
    assert f"#{number} 城区智慧物流园" in pushes["office"].message.text
    assert await _state(ctx.db, number) == (0, "已交办", 0)


async def test_an_issue_handed_to_a_leader_is_one_message_in_the_leaders_group(
    ctx: JobContext,
) -> None:
    number = await assign_issue(ctx, "P001", "区发改科技局", date(2025, 4, 17), LEADER)
    await issue_loop(ctx, parse_local_time("2025-04-18 09:30"))
    pushes = await issue_loop(ctx, parse_local_time("2025-04-21 09:30"))
    [told] = [push for push in pushes if push.group.role == "leaders"]  # SPEC §4: one a run
    assert "升级督办" in told.message.text and "【问题办理提醒】" not in told.message.text
    assert f"‼️ #{number} 城区智慧物流园" in told.message.text
    assert "办理中请用“/进展 #号 说明”反馈" in told.message.text
    assert [m.name for m in told.message.mentions] == ["钱副区长"]
    assert await _state(ctx.db, number) == (2, "督办中", 2)


async def test_a_leaders_issue_due_soon_rides_in_the_leaders_summary(ctx: JobContext) -> None:
    late = await assign_issue(ctx, "P002", "北石店镇", date(2025, 4, 18), OWNER)
    soon = await assign_issue(ctx, "P001", "区发改科技局", date(2025, 4, 23), LEADER)
    pushes = await issue_loop(ctx, parse_local_time("2025-04-21 09:30"))
    [told] = [push for push in pushes if push.group.role == "leaders"]
    text = told.message.text
    assert f"❗ #{late} 北石店工业园区标准化厂房" in text  # the overdue one, pressed
    assert "交办领导、即将到期 1 个" in text
    assert f"⏳ #{soon} 城区智慧物流园：临时用地手续未办结（承办：钱副区长" in text
    assert [m.name for m in told.message.mentions] == ["钱副区长"]  # the handler is called


async def test_with_nothing_overdue_a_leaders_issue_due_soon_is_its_own_reminder(
    ctx: JobContext,
) -> None:
    number = await assign_issue(ctx, "P001", "区发改科技局", date(2025, 4, 23), LEADER)
    [told] = await issue_loop(ctx, parse_local_time("2025-04-21 09:30"))
    assert told.group.role == "leaders"
    assert "【问题办理提醒】" in told.message.text and f"⏳ #{number}" in told.message.text


async def test_an_issue_raised_on_a_project_without_a_leader_says_so(ctx: JobContext) -> None:
    # 污水管网 (P004) has no 包联 leader: the 升级 names none, and asks the office to take it on
    number = await assign_issue(ctx, "P004", "北石店镇", date(2025, 4, 18), None)
    await _run(ctx, "2025-04-21 09:30")
    leaders = (await _run(ctx, "2025-04-22 09:30"))["leaders"].message
    assert f"‼️ #{number} 北石店污水管网改造" in leaders.text
    assert "第 2 次督办；未设包联领导）" in leaders.text
    assert "未设包联领导的，请专班办公室报分管领导" in leaders.text
    assert not leaders.mentions
