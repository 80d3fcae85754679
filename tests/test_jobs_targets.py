"""The office's targets in the scheduled pushes, on the 2026 targets ledger (figures by hand).

On 2026-04-28 (a 调度会 Tuesday): annual plans 32500万, cumulative 3500 + 900 + 400 = 4800万.
The 一季度 line 18% is 5850万 (1050万 short); the 上半年 line 50% is 16250万 (11450万 short).
开复工 as in tests/test_starts.py: 4/7, the 上半年 新建 line 2 short, 1 续建 not resumed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot.cli.jobs import job_context
from domain.budget import measure
from domain.periods import period_of
from scheduler.context import JobContext
from scheduler.digest import biweekly_digest
from scheduler.jobs import build_jobs
from scheduler.leader_weekly import leader_weekly
from scheduler.ranking import monthly_ranking, ranking_data
from scheduler.runner import compute_noting
from scheduler.stats_list import stats_list
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Issue, LightRecord, Project, ProjectPlan, Report
from tests.support.apps import app_settings
from tests.support.digest_ledger import at
from tests.support.reports import add_report
from tests.support.targets_ledger import GROUPS, WAN, build_targets_ledger, targets_context


@pytest.fixture
async def tctx(tmp_path: Path) -> AsyncIterator[JobContext]:
    context = await targets_context(tmp_path, now="2026-04-28 08:30")
    yield context
    await context.db.dispose()


async def test_the_digest_states_the_quarter_lines(tctx: JobContext) -> None:
    [digest] = await biweekly_digest(tctx, at("2026-04-28 08:30"))
    text = digest.message.text

    assert "距上半年 50% 目标还差 1.15亿元" in text
    # the 一季度 新建 line (2 of 4) is met and goes unsaid
    assert (
        "开复工率 57.1%（新建开工 2/4，续建复工 2/3）；距上半年新建开工 80% 目标还差 2 个" in text
    )
    assert "；应复未复 1 个；应开未开 1 个（污水管网改造，“/开工”查看）" in text
    # key: T1, T2, T5 have done 3500 + 900 of all 4800万
    assert "重点项目 3 个完成 4400万元（占全部 91.7%；全年目标 93亿元" in text
    # 竣工: T7 (3-31) overdue, T6 (5-10) and T5 (12-20) ahead
    assert "竣工投产：已竣工 0 个，到期应竣工 1 个（逾期未竣工 1 个），全年计划 3 个。" in text
    lines = text.splitlines()
    assert len(lines) <= 30


async def test_the_monthly_ranking_states_where_each_unit_stands(tctx: JobContext) -> None:
    data = await ranking_data(tctx, 2026, 4)

    due, ahead = data["investment"]
    assert due is None  # the 一季度 result was news in March's ranking
    assert (ahead.line.name, ahead.short) == ("上半年", 11450 * WAN)  # 16250 − 4800
    march, _ = (await ranking_data(tctx, 2026, 3))["investment"]
    assert (march.line.name, march.short) == ("一季度", 2950 * WAN)  # 5850 − (2000 + 500 + 400)
    town = next(u for u in data["units"] if u["unit"] == "北石店镇")
    assert town["ahead"].short == 6100 * WAN  # 50% of 21000 less 4400
    assert data["starts"].total.overdue_starts[0].code == "T3"


async def test_each_leader_hears_their_own_week(tmp_path: Path) -> None:
    """钱副区长 包联 T1–T3: T1 and T2 were blue a week ago; now T1 is red for 作检讨 (nothing
    by February's end), T2 behind 序时 (900 of 1813万 on 4-14), T3 is 应开未开 (planned 4-1),
    and T2 has issue #1 overdue since 4-10. 孙副区长 包联 T4 (not resumed) and T5."""
    ctx = await targets_context(tmp_path, now="2026-04-20 09:30")
    async with ctx.db.write() as s:
        ids = {p.code: p.id for p in (await s.execute(select(Project))).scalars()}
        for code in ("T1", "T2"):
            s.add(LightRecord(project_id=ids[code], day=date(2026, 4, 13), color="blue"))
        s.add(
            Issue(
                number=1,
                project_id=ids["T2"],
                text="临时用地手续未办结",
                state="已交办",
                deadline=date(2026, 4, 10),
                created_at=datetime(2026, 4, 1, tzinfo=UTC),
            )
        )
    try:
        [push] = await leader_weekly(ctx, at("2026-04-20 09:30"))
        async with ctx.db.write() as s:
            for number in (2, 3):  # texts as owners type them, lines and all
                s.add(
                    Issue(
                        number=number,
                        project_id=ids["T2"],
                        text="1、资金缺口较大\n2、用地指标未落实",
                        state="已交办",
                        deadline=date(2026, 4, 10),
                        created_at=datetime(2026, 4, 1, tzinfo=UTC),
                    )
                )
        [more] = await leader_weekly(ctx, at("2026-04-27 09:30"))
        assert await leader_weekly(ctx, at("2026-04-21 09:30")) == []  # once a week
    finally:
        await ctx.db.dispose()

    text = push.message.text
    assert push.group.role == "leaders"
    assert push.key == "leader_weekly:2026-W17:local:包联领导群"
    qian = next(line for line in text.splitlines() if line.startswith("@钱副区长"))
    changed = "城区智慧物流园🔵→🔴、标准化厂房🔵→🔴等"  # T1: 作检讨 (0 by Feb end); T3 new
    assert qian.startswith(f"@钱副区长 3 个：🔴3；变化 3 个：{changed}")
    assert qian.endswith("；问题 1 个（超期 #1 临时用地手续未办结）；应开未开：污水管网改造")
    sun = next(line for line in text.splitlines() if line.startswith("@孙副区长"))
    assert sun.startswith("@孙副区长 2 个：")
    assert "老旧小区改造" in sun
    assert {m.name for m in push.message.mentions} == {"钱副区长", "孙副区长"}
    assert "（“变化”指亮灯颜色与上周相比）：" in text  # no year turn: every change is listed
    qian = next(line for line in more.message.text.splitlines() if line.startswith("@钱副区长"))
    assert "（超期 #1 临时用地手续未办结、#2 1、资金缺口较大 2、用…等3个）" in qian
    assert len(text.splitlines()) <= 30


async def test_an_offices_first_leader_week_calls_no_light_a_change(tmp_path: Path) -> None:
    # no light on record a week ago: the bot was not running then, nothing changed since
    ctx = await targets_context(tmp_path, now="2026-04-20 09:30")
    try:
        [push] = await leader_weekly(ctx, at("2026-04-20 09:30"))
    finally:
        await ctx.db.dispose()
    qian = next(line for line in push.message.text.splitlines() if line.startswith("@钱副区长"))
    assert qian.startswith("@钱副区长 3 个：🔴3") and "变化" not in qian, qian


async def test_the_years_first_leader_week_tells_no_light_made_better_by_the_new_year(
    tmp_path: Path,
) -> None:
    # red on 12-28 for being behind 2026's 序时; on 1-04 blue because 2027's has not begun
    ctx = await targets_context(tmp_path, now="2027-01-04 09:30")
    async with ctx.db.write() as s:
        ids = {p.code: p.id for p in (await s.execute(select(Project))).scalars()}
        s.add(LightRecord(project_id=ids["T1"], day=date(2026, 12, 28), color="red"))
    await add_report(ctx.db, "T1", None, "2027-01-04 09:00", 10)  # reported: nothing missed
    try:
        [push] = await leader_weekly(ctx, at("2027-01-04 09:30"))
    finally:
        await ctx.db.dispose()
    qian = next(line for line in push.message.text.splitlines() if line.startswith("@钱副区长"))
    assert qian.endswith("变化 2 个：标准化厂房🔴、污水管网改造🔴")  # not 城区智慧物流园🔴→🔵
    # …and says why none got better, as the lights push's first run of the year does
    assert (
        "（“变化”指亮灯颜色与上周相比；新的一年序时进度按2027年计划重新起算，"
        "好转的灯不逐个列出，只列变差的）：" in push.message.text
    )


async def test_the_years_first_leader_week_says_nothing_of_better_lights_when_none_got_better(
    tmp_path: Path,
) -> None:
    ctx = await targets_context(tmp_path, now="2027-01-04 09:30")
    async with ctx.db.write() as s:
        ids = {p.code: p.id for p in (await s.execute(select(Project))).scalars()}
        s.add(LightRecord(project_id=ids["T1"], day=date(2026, 12, 28), color="blue"))
    await add_report(ctx.db, "T1", None, "2027-01-04 09:00", 10)
    try:
        [push] = await leader_weekly(ctx, at("2027-01-04 09:30"))
    finally:
        await ctx.db.dispose()
    assert "（“变化”指亮灯颜色与上周相比）：" in push.message.text


async def test_the_office_gets_the_monthly_stats_list(tmp_path: Path) -> None:
    """On 2026-06-01: started T1, T2, T4, T6, T7; only T2 (started 3-20, 73 days) is not 入统,
    past its line of 5-20."""
    ctx = await targets_context(tmp_path, now="2026-06-01 09:00")
    try:
        [push] = await stats_list(ctx, at("2026-06-01 09:00"))
        assert await stats_list(ctx, at("2026-06-02 09:00")) == []
    finally:
        await ctx.db.dispose()

    text = push.message.text
    assert push.group.role == "office"
    assert (
        "已开工 5 个项目，已入统 4 个；开工满2个月的 5 个中已入统 4 个（入统率 80%，目标 100%）；"
        "未入统 1 个，其中开工超2个月 1 个。" in text
    )
    assert "**北石店镇** 未入统 1 个（超期 1 个，入统率 50%）：标准化厂房（开工73天，已超期）" in (
        text
    )


async def test_a_unit_whose_waiting_projects_are_not_due_yet_says_so(tmp_path: Path) -> None:
    # on 5-06 T2 (started 3-20) waits, due in the statistics on 5-20: “未入统 1 个（入统率
    # 100%）” read as a contradiction
    ctx = await targets_context(tmp_path, now="2026-05-06 09:00")
    try:
        pushes = await stats_list(ctx, at("2026-05-06 09:00"))
    finally:
        await ctx.db.dispose()
    text = pushes[0].message.text
    waiting = "**北石店镇** 未入统 1 个（均开工未满2个月，入统率 100%）：标准化厂房（开工47天）"
    assert waiting in text


async def test_the_ranking_names_each_units_stats_rate(tctx: JobContext) -> None:
    """At April's end 北石店镇 has T1 in the statistics and T2 (started 3-20) not yet, but T2
    is not due until 5-20 (开工后2个月内): 100%; at May's end it is, and is not in: 50%."""
    data = await ranking_data(tctx, 2026, 4)
    rates = {u["unit"]: u["stats_rate"] for u in data["units"]}
    assert rates == {"北石店镇": 1.0, "东街街道": 1.0, "西街街道": 1.0}
    data = await ranking_data(tctx, 2026, 5)
    assert {u["unit"]: u["stats_rate"] for u in data["units"]}["北石店镇"] == 0.5


async def test_the_bimonthly_race_scores_four_areas(tctx: JobContext) -> None:
    """April is even: 投资完成 40, 开复工 30, 入统 15 (no issues: that area is left out, 85 count).
    北石店镇 (74.8×40 + 66.7×30 + 100×15)/85 = 76.4 (T2 not due in the statistics yet);
    东街街道 (57.1×40 + 100×30 + 100×15)/85 = 79.8; 西街街道 (0 + 0 + 100×15)/85 = 17.6."""
    data = await ranking_data(tctx, 2026, 4)

    assert [(r.unit, r.score) for r in data["race"]] == [
        ("东街街道", 79.8),
        ("北石店镇", 76.4),
        ("西街街道", 17.6),
    ]
    assert (await ranking_data(tctx, 2026, 3))["race"] == []  # an odd month: 晾晒 only
    pushes = await monthly_ranking(tctx, at("2026-05-06 09:00"))  # May's first working day
    [leaders] = [p for p in pushes if p.group.role == "leaders"]
    scores = "东街街道 79.8、北石店镇 76.4、西街街道 17.6（骏马单位 东街街道，蜗牛单位 西街街道）"
    assert scores in leaders.message.text


async def test_a_units_group_hears_its_own_starts(tctx: JobContext) -> None:
    """西街街道 at April's end: T5 (新建, planned 6-1) not due, T4 (续建) not resumed."""
    pushes = await monthly_ranking(tctx, at("2026-05-06 09:00"))
    [west] = [p for p in pushes if p.group.role == "unit:西街街道"]
    text = west.message.text
    assert "本单位开复工率 0%（新建开工 0/1，续建复工 0/1）" in text
    assert "应复未复：老旧小区改造。" in text
    assert "应开未开" not in text

    # before the 复工 line (3月31日) nothing is 应复未复 yet: February's ranking, in March
    pushes = await monthly_ranking(tctx, at("2026-03-02 09:00"))
    [west] = [p for p in pushes if p.group.role == "unit:西街街道"]
    assert "尚未复工：老旧小区改造。" in west.message.text
    assert "应复未复" not in west.message.text


async def test_a_unit_without_new_projects_is_not_told_new_starts_of_none(
    tctx: JobContext,
) -> None:
    async with tctx.db.write() as session:  # 西街街道's only 新建 project, T5, made 续建
        school = (await session.execute(select(Project).where(Project.code == "T5"))).scalar_one()
        school.category = "续建"
    pushes = await monthly_ranking(tctx, at("2026-05-06 09:00"))
    [west] = [p for p in pushes if p.group.role == "unit:西街街道"]
    assert "本单位开复工率 0%（续建复工 0/2）" in west.message.text  # not “新建开工 0/0，…”


async def test_a_units_ranking_counts_the_projects_planned_for_the_year(
    tctx: JobContext,
) -> None:
    async with tctx.db.write() as session:  # T5 of 西街街道 without a plan for 2026
        school = (await session.execute(select(Project).where(Project.code == "T5"))).scalar_one()
        await session.execute(delete(ProjectPlan).where(ProjectPlan.project_id == school.id))
    pushes = await monthly_ranking(tctx, at("2026-05-06 09:00"))
    [west] = [p for p in pushes if p.group.role == "unit:西街街道"]
    assert "，1 个项目）" in west.message.text  # T4 alone: T5 plans nothing this year


async def test_decembers_ranking_in_january_judges_the_year_that_ended(tctx: JobContext) -> None:
    """December's ranking goes out in January: the 全年 100% line of 2026 is due (32500万, short
    by 32500 − 4800 = 27700万) and 开复工 is 2026's: 新建 T2, T7 of 4, 续建 T1, T6 of 3 (not
    2027's, which has no plans yet, nor the 一季度 line of 2027)."""
    data = await ranking_data(tctx, 2026, 12)

    due, ahead = data["investment"]
    assert due is not None
    assert (due.line.name, due.short) == ("全年", 27700 * WAN)
    assert ahead is None
    starts = data["starts"]
    total = starts.total
    assert (total.new_started, total.new, total.resumed, total.continuing) == (2, 4, 2, 3)
    assert starts.targets[total.unit].due.line.name == "全年"
    pushes = await monthly_ranking(tctx, at("2027-01-04 09:00"))
    [leaders] = [p for p in pushes if p.group.role == "leaders"]
    assert "开复工率 57.1%（新建开工 2/4，续建复工 2/3）" in leaders.message.text
    assert "一季度" not in leaders.message.text
    assert "年末 100% 目标未完成（差 2.77亿元）" in leaders.message.text
    assert "；年末新建开工 100% 目标未完成（差 2 个）" in leaders.message.text
    assert "全年末" not in leaders.message.text


async def test_a_year_that_met_its_target_says_so_in_decembers_ranking(tctx: JobContext) -> None:
    """T1 reports 32500万 on 12-15: 32500 + 900 (T2) + 400 (T7) = 33800万 of 32500万."""
    async with tctx.db.write() as s:
        first = (await s.execute(select(Report).order_by(Report.id))).scalars().first()
        if first is None:
            raise AssertionError("the ledger has reports")
        received = datetime(2026, 12, 15, 2, tzinfo=UTC)
        s.add(
            Report(
                project_id=first.project_id,
                period=period_of(date(2026, 12, 15)).label,
                month="2026-12",
                reporter_id=first.reporter_id,
                received_at=received,
                ytd_investment_yuan=32500 * WAN,
            )
        )
    pushes = await monthly_ranking(tctx, at("2027-01-04 09:00"))
    [leaders] = [p for p in pushes if p.group.role == "leaders"]
    head = leaders.message.text.splitlines()[1]
    # the year's total first: 3.38亿 of 3.25亿 planned, 序时 at the year's end the whole plan
    assert head.startswith("截至12月末累计完成 3.38亿元（占年度计划 104%），完成序时 104%；")
    assert "；年末 100% 目标已完成；开复工率 57.1%" in head


async def test_the_ranking_keeps_to_the_office_budget_without_the_calendar_note(
    tmp_path: Path,
) -> None:
    """On 2027-01-04 the 2027 arrangement is not loaded, and the calendar check tells the
    office so that morning: the office's December ranking carries no note of it (the note once
    rode on four office pushes of one morning). With the office's budget at 18 lines the review
    list (7 projects) is shortened to fit, and still says how many are left out."""
    settings = app_settings(
        tmp_path,
        now="2027-01-04 09:00",
        groups=GROUPS,
        messages={"office": {"lines": 18}},
    )
    db = Database(settings.database.url)
    await upgrade(db)
    await build_targets_ledger(db)
    ctx = job_context(settings, db)
    try:
        pushes, _ = await compute_noting(
            ctx, build_jobs()["monthly_ranking"], at("2027-01-04 09:00")
        )
        checks, _ = await compute_noting(
            ctx, build_jobs()["calendar_check"], at("2027-01-04 09:00")
        )
    finally:
        await db.dispose()

    [office] = [p for p in pushes if p.group.role == "office"]
    text = office.message.text
    assert measure(text).within(settings.messages.for_role("office"))
    assert "需向专班作检讨）**7 个" in text
    assert "……另有 " in text and "详见12月月报表（“/月报表 12月”）。" in text
    assert len(pushes) == 4 and not any("尚未导入" in p.message.text for p in pushes)
    assert [p.group.role for p in checks] == ["office"]
    assert "2027 年的放假调休安排还没有导入" in checks[0].message.text


async def test_a_year_without_plans_claims_no_target_met(tctx: JobContext) -> None:
    """No project has a 2027 plan yet: 0 of 0 is no 一季度 line 'met in advance'."""
    pushes = await monthly_ranking(tctx, at("2027-02-01 09:00"))
    [leaders] = [p for p in pushes if p.group.role == "leaders"]
    head = leaders.message.text.splitlines()[1]
    assert head.startswith("开复工率"), head
    assert "已提前完成" not in leaders.message.text


async def test_units_tied_at_the_top_of_the_race_are_named_together(tctx: JobContext) -> None:
    # 入统 alone: every unit's projects due in the statistics are in (100), a three-way tie
    weights = {"investment": 0, "starts": 0, "stats": 100, "issues": 0}
    targets = tctx.settings.targets.model_copy(
        update={"race": tctx.settings.targets.race.model_copy(update=weights)}
    )
    ctx = replace(tctx, settings=tctx.settings.model_copy(update={"targets": targets}))
    pushes = await monthly_ranking(ctx, at("2026-05-06 09:00"))
    [leaders] = [p for p in pushes if p.group.role == "leaders"]
    assert "（各单位得分相同）" in leaders.message.text
    assert "骏马单位" not in leaders.message.text
