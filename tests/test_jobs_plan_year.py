"""The plan-year check: December asks for next year's plans, January says what rolled over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot.cli.jobs import job_context
from domain.clock import parse_local_time
from scheduler.context import JobContext
from scheduler.jobs import build_jobs
from scheduler.plan_year import plan_year_check, plan_year_check_due
from scheduler.runner import run_job
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Project, ProjectPlan
from storage.repos.plans import plan_coverage
from tests.support.apps import app_settings
from tests.support.plans import plan_of
from tests.support.seed import WAN, seed

JOB = build_jobs()["plan_year_check"]


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[JobContext]:
    """The four-project ledger with its 2026 plans; only 物流园 has a 2027 plan yet."""
    settings = app_settings(tmp_path)
    db = Database(settings.database.url)
    await upgrade(db)
    await seed(db, entered=date(2026, 4, 1))
    await _plan_2027(db, "P001", 15_000)
    yield job_context(settings, db)
    await db.dispose()


async def _plan_2027(db: Database, code: str, annual_wan: int) -> None:
    async with db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == code))).scalar_one()
        session.add(plan_of(project, 2027, annual_wan * WAN))


async def _texts(ctx: JobContext, at: str) -> list[str]:
    return [push.message.text for push in await plan_year_check(ctx, parse_local_time(at))]


async def test_december_lists_the_projects_still_without_next_years_plan(
    ctx: JobContext,
) -> None:
    assert await _texts(ctx, "2026-11-30 09:10") == []  # not December yet
    [text] = await _texts(ctx, "2026-12-01 09:10")  # Tuesday: December's first working day
    assert "2027年计划还差 3 个项目" in text
    assert "已有 1 个项目录入2027年计划（合计 1.5亿元）" in text
    for name in ("北石店工业园区标准化厂房", "西街老旧小区改造", "北石店污水管网改造"):
        assert name in text
    assert "城区智慧物流园" not in text.split("尚无计划的项目")[1]
    assert "在看板“导入台账”页上传（私聊机器人发送“/看板”打开" in text  # the office's way
    assert "diaodu import 台账.xlsx --year 2027" in text  # and the server's
    assert "按单位（尚无2027年计划的项目数）：北石店镇 2、西街街道 1" in text
    # the key projects' target is one configured number: this year's until changed
    assert (
        "重点项目全年投资目标现为 93亿元" in text
        and "如2027年目标不同，请联系系统管理员修改" in text
    )
    assert "key_investment_target_wan" not in text  # the office does not read config keys
    assert await _texts(ctx, "2026-12-02 09:10") == []  # once a week
    at = parse_local_time("2026-12-07 09:10")
    assert (await run_job(ctx, JOB, at), await run_job(ctx, JOB, at)) == (1, 0)
    for code in ("P002", "P003", "P004"):
        await _plan_2027(ctx.db, code, 500)
    assert await _texts(ctx, "2026-12-14 09:10") == []  # all planned: nothing to say


async def test_the_first_working_day_of_january_says_what_rolled_over(ctx: JobContext) -> None:
    # 1 January 2027 is 元旦 (a Friday), then a weekend: the first working day is the 4th.
    due = [d for d in range(1, 8) if plan_year_check_due(ctx, date(2027, 1, d))]
    assert due == [4]
    assert await _texts(ctx, "2027-01-01 09:10") == []
    [text] = await _texts(ctx, "2027-01-04 09:10")
    assert "2027年起按2027年计划考核" in text
    assert "1 个项目已有2027年计划，合计 1.5亿元；其中续建项目 1 个沿用原责任人" in text
    assert "尚无2027年计划的项目 3 个（不考核序时" in text
    # the unit counts are of the projects still without a plan, not of those that have one
    assert "按单位（尚无2027年计划的项目数）：北石店镇 2、西街街道 1" in text
    assert "重点项目全年投资目标现为 93亿元" in text
    assert await _texts(ctx, "2027-01-05 09:10") == []


async def test_january_with_no_plan_for_the_year_does_not_claim_to_judge_on_it(
    ctx: JobContext,
) -> None:
    async with ctx.db.write() as session:
        await session.execute(delete(ProjectPlan).where(ProjectPlan.year == 2027))
    [text] = await _texts(ctx, "2027-01-04 09:10")
    assert "【年度切换】已进入2027年，尚无项目录入2027年计划" in text
    assert "录入前各项目只按节点、开工、入统、填报和问题亮灯" in text
    assert "按2027年计划考核" not in text
    assert "尚无2027年计划的项目 4 个（不考核序时，录入后即按计划考核）。" in text
    # none is in: the counts by unit say it, a list of every project is no news (ten lines)
    assert "·" not in text and "按单位（尚无2027年计划的项目数）：北石店镇 3、西街街道 1" in text
    [december] = await _texts(ctx, "2026-12-01 09:10")
    assert "还没有项目录入2027年计划。" in december and "·" not in december
    assert "diaodu import 台账.xlsx --year 2027" in december


async def test_a_finished_projects_plan_counts_in_the_years_total_as_the_figures_count_it(
    ctx: JobContext,
) -> None:
    async with ctx.db.write() as session:
        done = (await session.execute(select(Project).where(Project.code == "P002"))).scalar_one()
        done.status, done.completed_on = "已竣工", date(2026, 12, 20)
    await _plan_2027(ctx.db, "P002", 500)  # the ledger still plans its last payments
    [text] = await _texts(ctx, "2027-01-04 09:10")
    # the digest's and /排名's annual plan: 1.5亿 + 500万 over two projects
    assert "2 个项目已有2027年计划，合计 1.55亿元" in text
    # a finished project without a plan is not asked for one
    async with ctx.db.write() as session:
        await session.execute(delete(ProjectPlan).where(ProjectPlan.year == 2027))
    [text] = await _texts(ctx, "2027-01-04 09:10")
    assert "尚无2027年计划的项目 3 个" in text and "北石店工业园区标准化厂房" not in text


async def test_a_project_loaded_for_next_year_owes_no_plan_this_year(ctx: JobContext) -> None:
    async with ctx.db.write() as session:  # loaded in December with only 2027's plan
        project = (
            await session.execute(select(Project).where(Project.code == "P001"))
        ).scalar_one()
        project.entered_ledger_on = date(2027, 1, 1)
        await session.execute(delete(ProjectPlan).where(ProjectPlan.year == 2026))
    async with ctx.db.read() as session:
        missing = {m.code for m in (await plan_coverage(session, 2026)).missing}
    assert "P001" not in missing and "P002" in missing
