"""A 新建 project whose ledger plans its money in the month it is due to start: before its
start day that month it owes no 序时 (its day-by-day share cannot have been invested yet), so
the daily 亮灯 warning does not announce it red for 序时 then; from its start day it does."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from core.settings.light_rules import light_rules
from domain.clock import parse_local_time
from scheduler.context import JobContext, Push
from scheduler.warnings import lights
from storage.models import Milestone, Project, ProjectPlan
from storage.repos.standing import standings
from tests.support.reports import add_report
from tests.support.seed import OWNER, WAN

PLANT = "北石店工业园区标准化厂房"


async def _plan_all_in_december(ctx: JobContext) -> None:
    """厂房 (新建, not started) planned to start on 12月9日 with its 8000万 all planned in
    December, as the demo's 城区粮食储备库; its 施工许可 done, its weekly 0 sent."""
    async with ctx.db.write() as session:
        plant = (await session.execute(select(Project).where(Project.code == "P002"))).scalar_one()
        await session.execute(
            update(ProjectPlan)
            .where(ProjectPlan.project_id == plant.id)
            .values(monthly_plan_yuan=[0] * 11 + [8_000 * WAN], planned_start=date(2025, 12, 9))
        )
        done = update(Milestone).where(Milestone.project_id == plant.id)
        await session.execute(done.values(done_on=date(2025, 4, 20)))
    for at in ("2025-11-20 10:00", "2025-11-27 10:00"):
        await add_report(ctx.db, "P002", OWNER, at, 0)


async def _dry_run(ctx: JobContext, at: str) -> dict[str, str]:
    pushes: list[Push] = await lights(ctx, parse_local_time(at), dry_run=True)
    return {push.group.role: push.message.text for push in pushes}


async def _plant_light(ctx: JobContext, at: str) -> tuple[str, list[str]]:
    """厂房's light on its card at `at`: colour and reasons."""
    async with ctx.db.read() as session:
        rules = light_rules(ctx.settings, ctx.calendar)
        for row in await standings(session, parse_local_time(at), rules):
            if row.project.code == "P002":
                return row.light.color.value, [r.text for r in row.light.reasons]
    raise AssertionError("厂房 has no standing")


async def test_a_new_project_owes_no_start_month_share_before_its_start_day(
    ctx: JobContext,
) -> None:
    await _plan_all_in_december(ctx)
    await lights(ctx, parse_local_time("2025-11-28 09:00"))  # the baseline: 厂房 yellow
    # 1 December, its weekly 0 sent this morning: a day of December's 8000万 (258.06万) is
    # not owed 8 days before the start
    await add_report(ctx.db, "P002", OWNER, "2025-12-01 08:30", 0)
    pushes = await _dry_run(ctx, "2025-12-01 09:00")
    assert PLANT not in pushes.get("leaders", "")
    assert PLANT not in pushes.get("owners", "")
    assert await _plant_light(ctx, "2025-12-01 09:00") == (
        "yellow",
        [
            "新建项目计划 12月9日 开工，还剩 8 天，尚未开工",
            "新建项目计划 12月9日 开工，开工前不考核序时进度",
        ],
    )
    # its start day, nothing started: 序时 and the start rule judge it as ever
    await add_report(ctx.db, "P002", OWNER, "2025-12-05 10:00", 0)
    pushes = await _dry_run(ctx, "2025-12-09 09:00")
    assert (
        f"· {PLANT}（北石店镇）：截至12月5日累计完成 0万元，为同期序时进度 1290.32万元 的 0%"
    ) in pushes["leaders"]
    assert await _plant_light(ctx, "2025-12-09 09:00") == (
        "red",
        [
            "截至12月5日累计完成 0万元，为同期序时进度 1290.32万元 的 0%",
            "新建项目计划 12月9日 开工，就是今天，尚未开工",
        ],
    )


async def test_a_preparatory_project_owes_no_start_month_share_before_its_start_day(
    ctx: JobContext,
) -> None:
    """The demo's 粮食储备库: 前期, its year's money all in December, due to start on 12月9日,
    was announced to the leaders as newly red on 1 December."""
    await _plan_all_in_december(ctx)
    async with ctx.db.write() as session:
        await session.execute(
            update(Project).where(Project.code == "P002").values(category="前期", status="前期")
        )
    await lights(ctx, parse_local_time("2025-11-28 09:00"))
    await add_report(ctx.db, "P002", OWNER, "2025-12-01 08:30", 0)
    pushes = await _dry_run(ctx, "2025-12-01 09:00")
    assert PLANT not in pushes.get("leaders", "")
    color, reasons = await _plant_light(ctx, "2025-12-01 09:00")
    assert color != "red"
    assert "前期项目计划 12月9日 开工，开工前不考核序时进度" in reasons
    # from its start day its December share is owed: nothing invested is red
    await add_report(ctx.db, "P002", OWNER, "2025-12-09 10:00", 0)
    color, reasons = await _plant_light(ctx, "2025-12-09 11:00")
    assert (color, reasons[0]) == ("red", "累计完成 0万元，为序时进度 2322.58万元 的 0%")
