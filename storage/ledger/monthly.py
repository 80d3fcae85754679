"""The 月报表 an office sends upward as it is, one row per project: `monthly_report` makes
its sheets (the dashboard's download), `export_monthly_report` writes them to a file (the CLI).

Grouped by 责任单位 with a 小计 each and a 合计 (`monthly_sheets`); 本月完成 from the
cumulative's rise over the month (`storage.repos.month_report`); the light is the bot's own at
the month end, its 序时 and 作检讨 reasons those of the row's own columns and month ends
(`month_light`). A second sheet ranks the units, a third gives 开复工 and 入统 by unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import TargetSettings
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.light_rules import judged_from
from domain.light_types import Light, LightRules, LightThresholds
from domain.lights import holds_since
from domain.plan import DEFAULT_CURVE, by_month, div_half_up, schedule_plan_to_date
from domain.start_due import before_start
from storage.db import Database
from storage.ledger.month_figures import Figures
from storage.ledger.month_light import month_light, review_months
from storage.ledger.monthly_sheets import problems_cell, ranking_sheet, report_sheet
from storage.ledger.monthly_targets import starts_and_stats_sheet, stats_list_sheet
from storage.ledger.print_book import PrintTable, write_print_book
from storage.ledger.result import LedgerError
from storage.repos.month_queries import below_at_month_ends
from storage.repos.month_report import MonthRow, issues_open_at, month_end, month_rows
from storage.repos.recorded_lights import recorded_lights
from storage.repos.standing import standings
from storage.repos.starts import starts_report
from storage.repos.stats_list import stats_report

CENT_OF_WAN = 100  # 0.01万元 in yuan: a 序时 amount mid-month has fractions of it


def default_rules() -> LightRules:
    """The built-in thresholds and curve, for callers without settings (tests, scripts)."""
    return LightRules(LightThresholds(), DEFAULT_CURVE, WorkCalendar())


class NothingToReport(ValueError):
    """The month has no 月报表 to make (not begun, or nothing in it); the message says why."""


@dataclass(frozen=True)
class MonthlyReport:
    """The 月报表's sheets and how many projects it lists."""

    tables: list[PrintTable]
    projects: int


async def export_monthly_report(
    db: Database,
    path: Path,
    *,
    month: date,
    rules: LightRules | None = None,
    targets: TargetSettings | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> int:
    """Write the month's 月报表 (`monthly_report`) to `path`; the project count."""
    path = Path(path)
    async with db.read() as session:
        try:
            report = await monthly_report(
                session, month=month, rules=rules, targets=targets, today=today, now=now
            )
        except NothingToReport as exc:
            raise LedgerError(path, str(exc)) from exc
    write_print_book(path, report.tables, made_on=today)
    return report.projects


async def monthly_report(
    session: AsyncSession,
    *,
    month: date,
    rules: LightRules | None = None,
    targets: TargetSettings | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> MonthlyReport:
    """The month's 月报表 with the unit ranking, 开复工 and 入统.

    `today` is when it is made: a month not begun yet is refused, and the current month is
    judged as of today (序时 and lights; at `now`, when given), a past one as of its last day.
    """
    rules = rules or default_rules()
    end = month_end(month.year, month.month)
    when = f"{month.year}年{month.month}月"
    if today is not None and month > today:
        raise NothingToReport(f"{when}尚未开始，没有可上报的数据")
    as_of = min(end, today) if today is not None else end
    rows = await month_rows(session, month.year, month.month)
    if not rows:
        raise NothingToReport(f"台账中没有{when}在册的项目，没有可上报的数据")
    if not any(_has_data(row) for row in rows):
        raise NothingToReport(f"{when}没有任何计划或填报数据（请先导入该年度计划）")
    recorded = await _lights(session, rows, as_of, rules, now)
    over = as_of == end  # the month is over: 作检讨 counts its own end
    months = review_months(month.month, rules.thresholds.consecutive_months) if over else []
    below = (
        await below_at_month_ends(
            session, month.year, months, rules.curve, rules.thresholds.blue_ratio
        )
        if months
        else []
    )
    moment = now if now is not None and as_of == now.date() else _day_end(as_of)
    issues = await issues_open_at(session, moment)
    # as they stood at `as_of`: November's report made on 2 December counts no December start
    starts = await starts_report(session, as_of, targets or TargetSettings(), on=as_of)
    stats = await stats_report(session, as_of, rules.thresholds.stats_grace_months, on=as_of)
    figures = {row.id: _figures(row, as_of, rules) for row in rows}
    head = f"截至{month.month}月末" if over else f"截至{as_of.month}月{as_of.day}日"
    review = {(name, unit): list(zip(months, ratios, strict=True)) for name, unit, ratios in below}
    unjudged = judged_from(as_of) is not None  # the year's first days: as chat, no 序时 yet
    judged = {
        row.id: month_light(
            recorded.get(row.id),
            figures[row.id],
            review.get((row.name, row.unit)),
            over,
            None
            if unjudged
            or row.finished
            or (month.month == 1 and row.ytd_end is None)
            or before_start(
                row.category,
                row.planned_start,
                row.started_on,
                row.status,
                as_of,
                by_month(row.monthly_plan_yuan),
            )
            else head,
            rules.thresholds,
        )
        for row in rows
    }
    lights = {key: light for key, light in judged.items() if light is not None}
    # a month not over yet says so: its figures are as of today, not the month's end
    so_far = "" if over else f"截至{as_of.month}月{as_of.day}日，"
    title = f"{month.year}年{month.month}月 项目建设月报表（{so_far}单位：万元）"
    problems = {row.id: problems_cell(row, issues.get(row.id, [])) for row in rows}
    sheet = report_sheet(rows, figures, lights, problems, rules.thresholds, title)
    ranking = ranking_sheet(rows, figures, lights, f"{month.year}年{month.month}月 各单位排名")
    heading = f"{month.year}年{month.month}月"
    sheets = [
        sheet,
        ranking,
        starts_and_stats_sheet(
            starts, stats, f"{heading} 开复工与入统（截至{as_of.month}月{as_of.day}日）"
        ),
        stats_list_sheet(stats[0], f"{heading} 入库纳统清单（已开工未入统）"),
    ]
    return MonthlyReport(sheets, len(rows))


async def _lights(
    session: Any, rows: list[MonthRow], day: date, rules: LightRules, now: datetime | None
) -> dict[int, Light]:
    """Each project's light at the end of `day`, as on record, judged then where none is.

    The month under way (`day` is `now`'s) is judged at `now` where no light of today holds
    then (one from days before, a weekend or a stopped service, or of this morning before the
    week's deadline passed). A past month keeps its record: judged now, it would read today's
    reports, issues and milestones into it."""
    current = now if now is not None and now.date() == day else None
    since = holds_since(current, rules.calendar, rules.thresholds) if current else None
    lights = await recorded_lights(session, day, None, judged_since=since)
    missing = [row.id for row in rows if row.id not in lights]
    if missing:
        at = current or datetime.combine(day, time(23, 59), SHANGHAI)
        # a project added later that back-fills the month is judged as its card judges it
        for standing in await standings(session, at, rules, project_ids=missing, upcoming=True):
            lights[standing.project.id] = standing.light
    return lights


def _has_data(row: MonthRow) -> bool:
    """The project has a plan for the year or a figure reported by the month's end."""
    return bool(row.annual_plan_yuan or row.ytd_end is not None or row.month_reported)


def _figures(row: MonthRow, day: date, rules: LightRules) -> Figures:
    schedule = schedule_plan_to_date(row.annual_plan_yuan, row.monthly_plan_yuan, rules.curve, day)
    # to the 0.01万元 the sheet prints: a clerk adding up the printed rows gets the printed sums
    shown = div_half_up(schedule, CENT_OF_WAN) * CENT_OF_WAN
    return Figures(
        row.total_investment_yuan, row.annual_plan_yuan, row.month_done, row.ytd_done, shown
    )


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time.max, SHANGHAI)
