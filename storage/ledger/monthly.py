"""`export_monthly_report`: the 月报表 offices send upward, one row per project."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from storage.db import Database
from storage.ledger.writer import AMOUNT, PERCENT, Table, Wan, write_tables
from storage.models import Project
from storage.repos import ledger_repo
from storage.repos.ledger_repo import MonthFigures

SchedulePlan = Callable[[Project, date], int]
HEADER = [
    "项目代码",
    "项目名称",
    "责任单位",
    "年度计划投资（万元）",
    "本月完成（万元）",
    "年度累计完成（万元）",
    "序时进度（万元）",
    "完成序时比例",
    "亮灯",
]
BLUE_AT, YELLOW_AT = 1.0, 0.8


async def export_monthly_report(
    db: Database, path: Path, *, month: date, schedule_plan: SchedulePlan | None = None
) -> int:
    """Write the month's report (plan, done this month, year to date, 序时, light); row count."""
    path = Path(path)
    plan_for = schedule_plan or default_schedule_plan
    month_end = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    async with db.read() as session:
        figures = await ledger_repo.month_figures(session, month.year, month.month)
    schedules = [plan_for(f.project, month_end) for f in figures]
    rows = [_row(f, schedule) for f, schedule in zip(figures, schedules, strict=True)]
    rows.append(_total_row(figures, schedules))
    title = f"{month.year}年{month.month}月 项目建设月报表（单位：万元）"
    formats = dict.fromkeys(range(3, 7), AMOUNT) | {7: PERCENT}
    table = Table("月报表", HEADER, rows, title, formats, widths={0: 16, 1: 36, 2: 16})
    write_tables(path, [table])
    return len(figures)


def default_schedule_plan(project: Project, on: date) -> int:
    """序时 by the project's own monthly plan, else the documents' default curve."""
    from domain.plan import DEFAULT_CURVE, schedule_plan_to_date

    return schedule_plan_to_date(
        project.annual_plan_yuan, project.monthly_plan_yuan, DEFAULT_CURVE, on
    )


def light(done_yuan: int, schedule_yuan: int) -> tuple[float | None, str]:
    """完成序时比例 and its light: ≥1 蓝灯, ≥0.8 黄灯, else 红灯; '—' with nothing planned yet."""
    if schedule_yuan <= 0:
        return None, "—"
    ratio = done_yuan / schedule_yuan
    if ratio >= BLUE_AT:
        return ratio, "蓝灯"
    return ratio, "黄灯" if ratio >= YELLOW_AT else "红灯"


def _row(figures: MonthFigures, schedule_yuan: int) -> list[Any]:
    project = figures.project
    ratio, label = light(figures.ytd_yuan, schedule_yuan)
    return [
        project.code,
        project.name,
        figures.unit,
        Wan(project.annual_plan_yuan),
        Wan(figures.month_done_yuan),
        Wan(figures.ytd_yuan),
        Wan(schedule_yuan),
        ratio,
        label,
    ]


def _total_row(figures: list[MonthFigures], schedules: list[int]) -> list[Any]:
    annual = sum(f.project.annual_plan_yuan for f in figures)
    done = sum(f.month_done_yuan for f in figures)
    ytd = sum(f.ytd_yuan for f in figures)
    schedule = sum(schedules)
    ratio, label = light(ytd, schedule)
    amounts = [Wan(annual), Wan(done), Wan(ytd), Wan(schedule)]
    return ["合计", f"{len(figures)} 个项目", "", *amounts, ratio, label]
