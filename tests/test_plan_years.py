"""Plan years: each year's figures use that year's plan; several years live side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select, text

from core.settings.light_rules import light_rules
from domain.clock import parse_local_time
from domain.light_types import Color, Rule
from scheduler.context import JobContext
from storage.db import Database
from storage.ledger import export_monthly_report
from storage.migrate import downgrade, upgrade
from storage.models import Project, ProjectPlan, Report
from storage.repos.month_queries import unit_month
from storage.repos.standing import Standing, standings
from tests.support.plans import plan_of
from tests.support.reports import add_report
from tests.support.seed import OWNER, OWNER2, WAN


async def _stand(ctx: JobContext, at: str) -> dict[str, Standing]:
    async with ctx.db.read() as session:
        rules = light_rules(ctx.settings, ctx.calendar)
        rows = await standings(session, parse_local_time(at), rules)
    return {row.project.code: row for row in rows}


async def _plan_2026(ctx: JobContext, code: str, annual_wan: int) -> None:
    async with ctx.db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == code))).scalar_one()
        session.add(plan_of(project, 2026, annual_wan * WAN))


async def test_each_year_is_judged_on_its_own_plan_and_its_own_reports(
    backend_ctx: JobContext,
) -> None:
    await _plan_2026(backend_ctx, "P001", 24_000)  # 2025: 12000万
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-17 10:00", 3000)
    await add_report(backend_ctx.db, "P001", OWNER, "2026-04-16 10:00", 3000)

    last_year = (await _stand(backend_ctx, "2025-04-24 09:00"))["P001"]
    # 12000万: 18% by March (2160万) + 17/30 of April's 10% (680万) = 2840万
    assert (last_year.project.annual_plan_yuan, last_year.plan_to_date) == (
        12_000 * WAN,
        2840 * WAN,
    )
    assert last_year.light.color is Color.BLUE

    this_year = (await _stand(backend_ctx, "2026-04-23 09:00"))["P001"]
    # 24000万: 4320万 by March + 16/30 of April's 2400万 (1280万) = 5600万; 3000/5600 = 53.6%
    assert this_year.project.annual_plan_yuan == 24_000 * WAN
    assert (this_year.ytd_done, this_year.plan_to_date) == (3000 * WAN, 5600 * WAN)
    assert this_year.light.color is Color.RED


async def test_a_year_without_a_plan_is_not_judged_on_schedule(backend_ctx: JobContext) -> None:
    await add_report(backend_ctx.db, "P003", OWNER2, "2026-04-16 10:00", 10)
    row = (await _stand(backend_ctx, "2026-04-23 09:00"))["P003"]
    assert not row.project.has_plan
    assert row.project.annual_plan_yuan == 0 and row.plan_to_date == 0
    assert Rule.SCHEDULE not in {reason.rule for reason in row.light.reasons}
    assert row.ytd_done == 10 * WAN  # its figures still count


async def test_the_monthly_ranking_sums_the_plans_of_its_year(backend_ctx: JobContext) -> None:
    await _plan_2026(backend_ctx, "P001", 24_000)
    curve = backend_ctx.settings.plan.default_curve
    async with backend_ctx.db.read() as session:
        units_2025 = {u.name: u for u in await unit_month(session, 2025, 3, curve)}
        units_2026 = {u.name: u for u in await unit_month(session, 2026, 3, curve)}
    # 北石店镇: P001 12000 + P002 8000 + P004 1000 in 2025; only P001 (24000) has a 2026 plan
    assert units_2025["北石店镇"].annual == 21_000 * WAN
    assert units_2026["北石店镇"].annual == 24_000 * WAN
    assert units_2026["北石店镇"].plan == 24_000 * WAN * 18 // 100
    assert units_2026["西街街道"].annual == 0


async def test_the_monthly_report_shows_the_plan_of_its_year(
    backend_ctx: JobContext, tmp_path: Path
) -> None:
    await _plan_2026(backend_ctx, "P001", 24_000)
    for month, path in ((date(2025, 4, 1), "2025.xlsx"), (date(2026, 4, 1), "2026.xlsx")):
        await export_monthly_report(backend_ctx.db, tmp_path / path, month=month)
    annual = {}
    for path in ("2025.xlsx", "2026.xlsx"):
        sheet = load_workbook(tmp_path / path, read_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = next(r for r in rows if "项目代码" in r)
        code, plan = header.index("项目代码"), header.index("年度计划投资（万元）")
        annual[path] = next(r[plan] for r in rows if r[code] == "P001")
    assert annual == {"2025.xlsx": 12_000, "2026.xlsx": 24_000}


async def test_the_upgrade_files_existing_plans_under_the_year_of_their_reports(
    db: Database,
) -> None:
    await downgrade(db, "0013")  # back to the schema before plan years
    async with db.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO units (id, name, kind) VALUES (1, '北石店镇', '乡镇')")
        )
        await conn.execute(
            text(
                "INSERT INTO people (id, name, mobile, unit_id, is_owner, is_leader, is_admin,"
                " active) VALUES (1, '张伟', '13900000003', 1, true, false, false, true)"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO projects (id, code, name, aliases, unit_id, locality, category,"
                " industry, level, is_key, total_investment_yuan, annual_plan_yuan,"
                " monthly_plan_yuan, planned_start, planned_completion, status,"
                " entered_ledger_on, active) VALUES (1, 'P001', '物流园', '', 1, '', '续建', '',"
                " '市重点', true, 600000000, 120000000, NULL, '2024-03-01', '2026-12-31', '在建',"
                " '2025-11-01', true)"
            )
        )
        for n, month in enumerate(("2025-12", "2026-03", "2026-04"), start=1):
            await conn.execute(
                text(
                    "INSERT INTO reports (id, project_id, period, month, reporter_id, received_at,"
                    " ytd_investment_yuan, is_late, raw_text) VALUES (:id, 1, '2026-W10', :month,"
                    " 1, :at, 100, false, '')"
                ),
                {"id": n, "month": month, "at": datetime(2026, 3, 5, 2, 0, tzinfo=UTC)},
            )
    await upgrade(db)
    async with db.read() as session:
        plans = (await session.execute(select(ProjectPlan))).scalars().all()
        reports = (await session.execute(select(func.count(Report.id)))).scalar_one()
    assert reports == 3  # SQLite copies the projects table: nothing referencing it is lost
    assert [(p.year, p.annual_plan_yuan, p.level, p.is_key) for p in plans] == [
        (2026, 120_000_000, "市重点", True)
    ]
    assert (plans[0].planned_start, plans[0].planned_completion) == (
        date(2024, 3, 1),
        date(2026, 12, 31),
    )
