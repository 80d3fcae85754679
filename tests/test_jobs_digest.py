"""The 双周调度会 digest: figures checked against the hand-computed ledger of digest_ledger."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings.messages import BudgetSettings
from domain.budget import measure
from domain.meeting_days import digest_due
from domain.stats_due import last_overdue_start
from scheduler.context import JobContext
from scheduler.digest import biweekly_digest, digest_data, rules_of
from scheduler.jobs import Job
from scheduler.runner import run_job
from storage.models import LightNotice, LightRecord, Project, ProjectPlan, Unit
from storage.repos.dashboard_rows import lines
from storage.repos.digest_queries import unit_figures
from storage.repos.standing import standings
from storage.repos.stats_list import stats_counts
from tests.support.digest_ledger import GROUPS, WAN, at, ledger_context
from tests.support.plans import plan_of

DIGEST_DAY = "2025-04-29 08:30"  # a Tuesday of the series anchored on 2025-01-07
JOB = Job(
    "biweekly_digest", "双周调度会简报", lambda s: s.biweekly_digest, digest_due, biweekly_digest
)


async def _data(digest_ctx: JobContext, when: str = DIGEST_DAY) -> dict[str, Any]:
    async with digest_ctx.db.read() as session:
        data, _ = await digest_data(digest_ctx, session, at(when))
    return data


async def test_totals_against_annual_plan_and_schedule(digest_ctx: JobContext) -> None:
    total = (await _data(digest_ctx))["total"]
    # 序时 on each project's last report day (4-25: 18% + 10% × 25/30 of the plan, or the own
    # monthly plan), and on today (4-29) for 南村农业园 that never reported:
    # 3,160,000 + 1,580,000 + 6,320,000 + 3,666,667 + 1,383,333
    assert (total["projects"], total["annual"], total["plan"]) == (5, 57_000_000, 16_110_000)
    assert total["done"] == 14_000_000  # 400 + 100 + 600 + 300 万; withdrawn and corrected left out
    assert total["gap"] == 2_110_000
    assert (total["new_started"], total["new"], total["resumed"], total["continuing"]) == (
        2,
        3,
        2,
        2,
    )
    assert (total["started"], total["in_stats"], total["stats_overdue"]) == (4, 2, 1)


async def test_the_dashboards_stats_counts_are_the_digests(digest_ctx: JobContext) -> None:
    today = at(DIGEST_DAY).date()
    line = last_overdue_start(today, digest_ctx.settings.lights.stats_grace_months)
    async with digest_ctx.db.read() as session:
        counts = await stats_counts(session, line)
        east = await stats_counts(session, line, unit_id=await _unit_id(session, "东城街道"))
        units = await unit_figures(session, today, digest_ctx.settings.plan.default_curve, line)
    assert (counts.started, counts.in_stats, counts.overdue) == (4, 2, 1)
    (figures,) = [u for u in units if u.unit == "东城街道"]
    assert (east.started, east.in_stats, east.overdue) == (
        figures.started,
        figures.in_stats,
        figures.stats_overdue,
    )


async def test_units_ranked_against_schedule_with_their_lights(digest_ctx: JobContext) -> None:
    data = await _data(digest_ctx)
    table = [
        (u["rank"], u["unit"], u["done"], u["plan"], u["red"], u["yellow"]) for u in data["units"]
    ]
    assert table == [
        (1, "东城街道", 5_000_000, 4_740_000, 1, 0),
        (2, "西城街道", 9_000_000, 9_986_667, 1, 1),
        (3, "南村镇", 0, 1_383_333, 1, 0),
    ]
    lights = data["lights"]
    assert (lights["red"], lights["yellow"]) == (3, 1)
    # red first, worst against 序时 first
    assert [p["name"] for p in lights["items"]] == [
        "南村农业园",
        "东城学校",
        "西城厂房",
        "西城管网",
    ]


async def test_sums_equal_the_project_cards(digest_ctx: JobContext) -> None:
    async with digest_ctx.db.read() as session:
        cards = await standings(session, at(DIGEST_DAY), rules_of(digest_ctx))
    total = (await _data(digest_ctx))["total"]
    assert total["plan"] == sum(card.plan_to_date for card in cards)
    assert total["done"] == sum(card.ytd_done for card in cards)


async def test_a_figure_older_than_the_last_closed_week_is_set_against_that_weeks_end(
    digest_ctx: JobContext,
) -> None:
    # Nobody has reported since 4-25; on 5-13 the week of 5-5…5-11 has closed. 序时 is the
    # plan to 5-11 (东城物流园: 28% + 11% × 11/31 of 1200万), not frozen at 4-25, where a
    # project that stops reporting stays "ahead" and lifts its unit in the ranking.
    day = at("2025-05-13 08:30")
    line = last_overdue_start(day.date(), digest_ctx.settings.lights.stats_grace_months)
    async with digest_ctx.db.read() as session:
        cards = await standings(session, day, rules_of(digest_ctx))
        curve = digest_ctx.settings.plan.default_curve
        units = await unit_figures(session, day.date(), curve, line)
        rows = await lines(session, day.date(), list(curve), None)  # /排名, dashboard, read API
    (logistics,) = [card for card in cards if card.project.name == "东城物流园"]
    assert (logistics.plan_to_date, logistics.as_of) == (3_828_387, date(2025, 5, 11))
    assert sum(u.plan for u in units) == sum(card.plan_to_date for card in cards)
    assert {row.code: row.plan for row in rows} == {
        card.project.code: card.plan_to_date for card in cards
    }


async def test_digest_text_for_the_leaders_group(digest_ctx: JobContext) -> None:
    [digest] = await biweekly_digest(digest_ctx, at(DIGEST_DAY))  # one message to the group
    assert digest.key == "biweekly_digest:2025-W18:local:包联领导群"
    text = digest.message.text
    assert "【双周调度会】4月29日（周二）" in text
    assert "截至4月29日，5 个项目年度计划投资 5700万元，" in text  # every one planned
    assert "累计完成 1400万元（占年度计划 24.6%）" in text  # 24.56%, rounded
    assert (
        "序时进度 1611万元（按各项目最近填报日计，逾期未报的计至上周日），"
        "完成序时 86.9%，落后序时 211万元" in text
    )
    assert "开复工率 80%（新建开工 2/3，续建复工 2/2）" in text
    assert "累计已开工 4 个（含往年开工），已入统 2 个，开工超2个月未入统 1 个" in text
    assert "亮灯 🔴 红灯 3 个、🟡 黄灯 1 个" in text
    assert "问题近两周新增 1 个、超期未销号 1 个" in text
    assert "2025年第17周未报 1 个项目" in text
    assert "1. 东城街道 105.5%\n2. 西城街道 90.1%\n3. 南村镇 0%" in text
    assert "临时用地手续未办结" not in text  # issues are counted; /问题清单 lists them


async def test_each_leader_has_a_line_with_an_at(digest_ctx: JobContext) -> None:
    [digest] = await biweekly_digest(digest_ctx, at(DIGEST_DAY))
    assert [m.name for m in digest.message.mentions] == ["钱副区长"]  # 孙副区长 has none
    text = digest.message.text
    assert "@钱副区长 2 个：🔴 红灯 1、🔵 蓝灯 1（最需关注：西城厂房）" in text
    assert "东城学校" not in text


async def test_a_digest_over_the_budget_keeps_every_leader_by_saying_less(
    digest_ctx: JobContext,
) -> None:
    [whole] = await biweekly_digest(digest_ctx, at(DIGEST_DAY))
    size = measure(whole.message.text)
    # a few characters short of the whole digest; a ranking of two (of three units)
    budget = BudgetSettings(chars=size.chars - 3, top=2)
    messages = digest_ctx.settings.messages.model_copy(update={"leaders": budget})
    tight = replace(
        digest_ctx, settings=digest_ctx.settings.model_copy(update={"messages": messages})
    )
    [digest] = await biweekly_digest(tight, at(DIGEST_DAY))
    text = digest.message.text
    assert "内容较多" not in text and measure(text).within(budget.budget())
    assert "@钱副区长 2 个：🔴 红灯 1、🔵 蓝灯 1" in text  # every leader, without 最需关注
    assert "最需关注" not in text
    assert [m.name for m in digest.message.mentions] == ["钱副区长"]
    # the ranking keeps its first and its last
    assert "1. 东城街道 105.5%\n……另有 1 个单位，发送“/排名”查看\n3. 南村镇 0%" in text


async def test_reds_new_since_the_last_meeting_are_named(digest_ctx: JobContext) -> None:
    async with digest_ctx.db.write() as session:
        for code, day, before in [("B1", 20, "yellow"), ("A1", 10, "blue"), ("B2", 25, None)]:
            project = (await session.execute(_by_code(code))).scalar_one()
            notice = LightNotice(
                project_id=project.id, day=date(2025, 4, day), color="red", before=before
            )
            session.add(notice)
    [digest] = await biweekly_digest(digest_ctx, at(DIGEST_DAY))
    # 4-10 is before the last 调度会 (4-15); a baseline (no colour before) is no news
    assert "**近两周新亮🔴 红灯 1 个**：西城管网（西城街道）" in digest.message.text


async def _record(digest_ctx: JobContext, when: str, colors: list[tuple[str, str]]) -> None:
    async with digest_ctx.db.write() as session:
        for code, color in colors:
            project = (await session.execute(_by_code(code))).scalar_one()
            reason = {"rule": "schedule", "color": color, "text": f"{code} 已记录"}
            recorded = at(when)
            session.add(
                LightRecord(
                    project_id=project.id,
                    day=recorded.date(),
                    color=color,
                    reasons=[reason],
                    recorded_at=recorded,
                )
            )


async def test_recorded_lights_are_read_and_only_missing_ones_judged(
    digest_ctx: JobContext,
) -> None:
    # recorded after midnight (the scheduler records again when lights stop holding)
    colors = [("A1", "red"), ("A2", "blue"), ("B1", "blue"), ("B2", "blue")]
    await _record(digest_ctx, "2025-04-29 00:05", colors)
    lights = (await _data(digest_ctx))["lights"]
    assert (lights["red"], lights["yellow"]) == (2, 0)  # A1 as recorded, 南村农业园 judged now
    assert [p["reasons"] for p in lights["items"] if p["name"] == "东城物流园"] == [["A1 已记录"]]
    assert lights["day"] == date(2025, 4, 29)


async def test_lights_recorded_before_today_are_judged_again(digest_ctx: JobContext) -> None:
    # Yesterday's 09:00 lights say nothing of what a day has changed (the 08:30 digest comes
    # before the day's 亮灯 job): the red recorded for 东城物流园 is not taken as it stands.
    await _record(digest_ctx, "2025-04-28 09:00", [("A1", "red")])
    lights = (await _data(digest_ctx))["lights"]
    judged = [p["reasons"] for p in lights["items"] if p["name"] == "东城物流园"]
    assert ["A1 已记录"] not in judged
    assert lights["day"] == date(2025, 4, 29)


def _by_code(code: str) -> Select[tuple[Project]]:
    return select(Project).where(Project.code == code)


async def test_every_other_tuesday_moved_by_holidays(digest_ctx: JobContext) -> None:
    assert not digest_due(digest_ctx, date(2025, 4, 22))
    assert digest_due(digest_ctx, date(2025, 4, 29))
    assert digest_due(digest_ctx, date(2025, 5, 13))
    assert not digest_due(digest_ctx, date(2025, 2, 4))  # 春节: the next working day of that week
    assert digest_due(digest_ctx, date(2025, 2, 5))
    week = [date(2026, 2, 16 + n) for n in range(7)]  # 春节 2026: no working day at all
    assert not any(digest_due(digest_ctx, day) for day in week)
    assert await biweekly_digest(digest_ctx, at("2025-04-22 08:30")) == []
    runs = JOB.next_runs(digest_ctx, at("2025-04-29 09:00"), count=2)
    assert [f"{r:%m-%d %H:%M}" for r in runs] == ["05-13 08:30", "05-27 08:30"]


async def test_queued_once_however_often_it_runs(digest_ctx: JobContext) -> None:
    first = await run_job(digest_ctx, JOB, at(DIGEST_DAY))
    again = await run_job(digest_ctx, JOB, at(DIGEST_DAY))
    assert (first, again) == (1, 0)  # one digest, however often


async def test_chart_goes_where_the_platform_takes_images(tmp_path: Path) -> None:
    wecom = {
        "name": "企业微信领导群",
        "platform": "wecom",
        "role": "leaders",
        "webhook": "https://x",
    }
    context = await ledger_context(tmp_path, [*GROUPS, wecom])
    try:
        pushes = await biweekly_digest(context, at(DIGEST_DAY))
    finally:
        await context.db.dispose()
    assert len(pushes) == 2  # one message per group: the chart comes with the digest
    images = [p for p in pushes if p.message.image_png_base64]
    assert [p.group.name for p in images] == ["企业微信领导群"]
    assert "【双周调度会】" in images[0].message.text
    assert base64.b64decode(images[0].message.image_png_base64 or "").startswith(b"\x89PNG")
    assert images[0].key == "biweekly_digest:2025-W18:wecom:企业微信领导群"


def test_stats_line_follows_month_ends() -> None:
    # started 11-30 → line 1-30: overdue on 1-31; started 12-01 → line 2-01: not yet
    assert last_overdue_start(date(2025, 1, 31), 2) == date(2024, 11, 30)
    assert last_overdue_start(date(2025, 4, 29), 2) == date(2025, 2, 28)


async def _unit_id(session: AsyncSession, name: str) -> int:
    found = (await session.execute(select(Unit.id).where(Unit.name == name))).scalar_one()
    return int(found)


async def test_before_the_new_years_plan_is_loaded_it_says_so_with_last_years_result(
    digest_ctx: JobContext,
) -> None:
    # January 2026: the ledger holds 2025's plans only; a ranking against a plan of 0 would
    # show every unit at "—" and the 开复工 figures would count 2025's 新建 list
    [digest] = await biweekly_digest(digest_ctx, at("2026-01-06 08:30"))
    text = digest.message.text
    assert "2026年度计划尚未导入" in text
    # by hand: 2025's cumulatives 400 + 100 + 600 + 300 万 of plans totalling 5700万
    assert (
        "2025年全年 5 个项目完成 1400万元，占年度计划 24.6%" in text
    )  # 24.56%, rounded as by hand
    assert "各单位完成序时排名" not in text and "开复工率" not in text
    assert "亮灯" in text and "包联项目" in text  # what still holds is still said


async def _without_a_plan(ctx: JobContext, code: str) -> None:
    """Project `code` loses its plan for the year (东城学校 is A2)."""
    async with ctx.db.write() as session:
        project = (await session.execute(_by_code(code))).scalar_one()
        await session.execute(delete(ProjectPlan).where(ProjectPlan.project_id == project.id))


async def test_projects_without_a_plan_for_the_year_are_not_counted_as_planned(
    digest_ctx: JobContext,
) -> None:
    # at the year turn a ledger holds some projects without the new year's plan: “5 个项目年度
    # 计划投资 5100万” counted a project that plans nothing (the plan-year check said 4)
    await _without_a_plan(digest_ctx, "A2")
    [digest] = await biweekly_digest(digest_ctx, at(DIGEST_DAY))
    # and says so: the lights below count it, the plan does not
    assert "4 个项目年度计划投资 5100万元（另有 1 个项目尚无2025年计划）" in digest.message.text


async def _planned_for(ctx: JobContext, year: int) -> None:
    """Every project gets a plan of 1000万 for `year`."""
    async with ctx.db.write() as session:
        for project in (await session.execute(select(Project))).scalars():
            session.add(plan_of(project, year, 1_000 * WAN))


async def test_the_years_first_digest_ranks_the_units_by_the_year_just_closed(
    digest_ctx: JobContext,
) -> None:
    # 序时 is judged from 1月15日 (cards and lights say so): on 6 January every unit stood
    # "1." at 0% of a few days' 序时, a third of the push saying nothing about anyone; the
    # year's first 调度会 ranks the year just closed (by hand: 东城 500万 of 1800万, 西城 900万
    # of 3400万, 南村 nothing of 500万), this year's 序时 from 1月15日
    await _planned_for(digest_ctx, 2026)
    early = (await biweekly_digest(digest_ctx, at("2026-01-06 08:30")))[0].message.text
    later = (await biweekly_digest(digest_ctx, at("2026-01-20 08:30")))[0].message.text
    assert (
        "**2025年各单位完成年度计划排名**（2026年序时1月15日起排名）\n"
        "1. 东城街道 27.8%\n2. 西城街道 26.5%\n3. 南村镇 0%\n" in early
    )
    assert "各单位完成序时排名" not in early and "1. 南村镇" not in early
    assert "各单位完成序时排名**\n" in later and "2025年各单位" not in later
    # nor is a 落后序时 of a few days' figures: the first 调度会 of the year hears last year's
    # result (by hand: 400 + 100 + 600 + 300 万 of plans totalling 5700万) and this year's start
    assert "2025年全年 5 个项目完成 1400万元，占年度计划 24.6%" in early
    assert (
        "5 个项目年度计划投资 5000万元，累计完成 0万元（占年度计划 0%）；序时进度1月15日起考核"
        in early
    )
    assert "落后序时" not in early and "完成序时 " not in early
    assert "2025年全年" not in later and "落后序时" in later


async def test_the_years_first_digest_without_a_closed_year_ranks_nobody(
    digest_ctx: JobContext,
) -> None:
    # a ledger begun this January has no year to look back on: no ranking, not a tie at 0%
    await _planned_for(digest_ctx, 2026)
    async with digest_ctx.db.write() as session:
        await session.execute(delete(ProjectPlan).where(ProjectPlan.year == 2025))
    text = (await biweekly_digest(digest_ctx, at("2026-01-06 08:30")))[0].message.text
    assert "排名" not in text and "1. " not in text
    assert "累计完成 0万元（占年度计划 0%）；序时进度1月15日起考核" in text


async def test_januarys_starts_tell_the_years_resumptions_from_all_ever_started(
    digest_ctx: JobContext,
) -> None:
    # on 6 January nothing has resumed yet: "续建复工 0/4" beside "已开工 4 个" read as if
    # the four under way had stopped; the 4 are every start so far, last years' included
    await _planned_for(digest_ctx, 2026)
    text = (await biweekly_digest(digest_ctx, at("2026-01-06 08:30")))[0].message.text
    assert "开复工率 0%（新建开工 0/1，续建复工 0/4）" in text
    assert "；累计已开工 4 个（含往年开工），已入统 " in text


async def test_starts_count_the_years_lists_as_the_starts_command_does(
    digest_ctx: JobContext,
) -> None:
    # 东城学校 (新建, started) has no plan for the year: it is in no 新建 list of the year,
    # as /开工 and the dashboard count (in January, last year's 新建 without a new plan)
    await _without_a_plan(digest_ctx, "A2")
    total = (await _data(digest_ctx))["total"]
    assert (total["new_started"], total["new"], total["resumed"], total["continuing"]) == (
        1,
        2,
        2,
        2,
    )
