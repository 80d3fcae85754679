"""`export_monthly_report`: the 月报表 an office sends upward as it is, one row per project.

Grouped by 责任单位 with a 小计 each and a 合计; 本月完成 from the cumulative's rise over the
month (`storage.repos.month_report`); the light is the bot's own at the month end, its 序时
and 作检讨 reasons those of the row's own columns and month ends (`month_light`). A second
sheet ranks the units, a third gives 开复工 and 入统 by unit.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from core.settings import TargetSettings
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.light_rules import judged_from
from domain.light_types import Color, Light, LightRules, LightThresholds
from domain.lights import holds_since
from domain.plan import DEFAULT_CURVE, div_half_up, schedule_plan_to_date
from domain.problem_text import Verdict, judge
from domain.ranks import by_place
from storage.db import Database
from storage.ledger.month_figures import ZERO, Figures
from storage.ledger.month_light import month_light, review_months
from storage.ledger.monthly_targets import starts_and_stats_sheet, stats_list_sheet
from storage.ledger.print_book import PrintTable, write_print_book
from storage.ledger.result import LedgerError
from storage.ledger.writer import AMOUNT, PERCENT
from storage.repos.month_queries import below_at_month_ends
from storage.repos.month_report import MonthRow, by_unit, issues_open_at, month_end, month_rows
from storage.repos.recorded_lights import recorded_lights
from storage.repos.standing import standings
from storage.repos.starts import starts_report
from storage.repos.stats_list import stats_report

HEADER = [
    "序号",
    "项目代码",
    "项目名称",
    "责任单位",
    "项目类别",
    "总投资（万元）",
    "年度计划投资（万元）",
    "本月完成（万元）",
    "年度累计完成（万元）",
    "序时进度（万元）",
    "完成序时比例",
    "亮灯",
    "形象进度",
    "存在问题",
    "包联领导",
    "责任人",
]
AMOUNTS = range(5, 10)
RATIO = 10
CENT_OF_WAN = 100  # 0.01万元 in yuan: a 序时 amount mid-month has fractions of it
WIDTHS = {0: 6, 1: 14, 2: 30, 3: 14, 4: 8, 11: 24, 12: 28, 13: 28, 14: 12, 15: 12}
RANK_HEADER = [
    "排名",
    "责任单位",
    "项目数",
    "年度计划投资（万元）",
    "本月完成（万元）",
    "年度累计完成（万元）",
    "序时进度（万元）",
    "完成序时比例",
    "红灯",
    "黄灯",
]


def default_rules() -> LightRules:
    """The built-in thresholds and curve, for callers without settings (tests, scripts)."""
    return LightRules(LightThresholds(), DEFAULT_CURVE, WorkCalendar())


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
    """Write the month's 月报表 with the unit ranking, 开复工 and 入统; the project count.

    `today` is when it is made: a month not begun yet is refused, and the current month is
    judged as of today (序时 and lights; at `now`, when given), a past one as of its last day.
    """
    path = Path(path)
    rules = rules or default_rules()
    end = month_end(month.year, month.month)
    if today is not None and month > today:
        raise LedgerError(path, f"{month.year}年{month.month}月尚未开始，没有可上报的数据")
    as_of = min(end, today) if today is not None else end
    async with db.read() as session:
        rows = await month_rows(session, month.year, month.month)
        if not rows:
            when = f"{month.year}年{month.month}月"
            raise LedgerError(path, f"台账中没有{when}在册的项目，没有可上报的数据")
        if not any(_has_data(row) for row in rows):
            raise LedgerError(
                path, f"{month.year}年{month.month}月没有任何计划或填报数据（请先导入该年度计划）"
            )
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
        starts = await starts_report(session, as_of, targets or TargetSettings())
        stats = await stats_report(session, as_of, rules.thresholds.stats_grace_months)
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
            if unjudged or row.finished or (month.month == 1 and row.ytd_end is None)
            else head,
            rules.thresholds,
        )
        for row in rows
    }
    lights = {key: light for key, light in judged.items() if light is not None}
    # a month not over yet says so: its figures are as of today, not the month's end
    so_far = "" if over else f"截至{as_of.month}月{as_of.day}日，"
    title = f"{month.year}年{month.month}月 项目建设月报表（{so_far}单位：万元）"
    problems = {row.id: _problems(row, issues.get(row.id, [])) for row in rows}
    sheet = _report_sheet(rows, figures, lights, problems, rules.thresholds, title)
    ranking = _ranking_sheet(rows, figures, lights, f"{month.year}年{month.month}月 各单位排名")
    heading = f"{month.year}年{month.month}月"
    sheets = [
        sheet,
        ranking,
        starts_and_stats_sheet(
            starts, stats, f"{heading} 开复工与入统（截至{as_of.month}月{as_of.day}日）"
        ),
        stats_list_sheet(stats[0], f"{heading} 入库纳统清单（已开工未入统）"),
    ]
    write_print_book(path, sheets, made_on=today)
    return len(rows)


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


def light_cell(light: Light | None, th: LightThresholds) -> str:
    """The light as the bot tells it: its label, then the reasons that are not blue."""
    if light is None:
        return "未评定"
    reasons = [r.text for r in light.reasons if r.color is not Color.BLUE]
    label = th.label(light.color)
    return f"{label}：{'；'.join(reasons)}" if reasons else label


def _report_sheet(
    rows: list[MonthRow],
    figures: dict[int, Figures],
    lights: dict[int, Light],
    problems: dict[int, str],
    th: LightThresholds,
    title: str,
) -> PrintTable:
    lines: list[list[Any]] = []
    bold: set[int] = set()
    number = 0
    total = ZERO
    for unit, members in by_unit(rows).items():
        subtotal = ZERO
        for row in members:
            number += 1
            own = figures[row.id]
            subtotal += own
            light = light_cell(lights.get(row.id), th)
            lines.append(_project_line(number, row, own, light, problems[row.id]))
        bold.add(len(lines))
        lines.append(_sum_line(f"{unit} 小计（{len(members)}个）", unit, subtotal))
        total += subtotal
    bold.add(len(lines))
    lines.append(_sum_line(f"合计（{len(rows)}个）", "", total))
    formats = dict.fromkeys(AMOUNTS, AMOUNT) | {RATIO: PERCENT}
    return PrintTable("月报表", HEADER, lines, title, formats, WIDTHS, bold_rows=bold)


def _problems(row: MonthRow, issues: list[str]) -> str:
    """The 存在问题 cell: the issues open then (`#2 …；#5 …`), else the month's report's own
    text of a problem (its last report may say none while an issue is overdue)."""
    if issues:
        return "；".join(issues)
    text = row.problems_text or ""
    return text if judge(text) is Verdict.PROBLEM else ""


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time.max, SHANGHAI)


def _project_line(number: int, row: MonthRow, own: Figures, light: str, problems: str) -> list[Any]:
    return [
        number,
        row.code,
        row.name,
        row.unit,
        row.category,
        *own.amounts(),
        own.ratio,
        light,
        row.progress_text or "",
        problems,
        "、".join(row.leaders),
        "、".join(row.owners),
    ]


def _sum_line(name: str, unit: str, sums: Figures) -> list[Any]:
    return ["", "", name, unit, "", *sums.amounts(), sums.ratio, "", "", "", "", ""]


def _ranking_sheet(
    rows: list[MonthRow], figures: dict[int, Figures], lights: dict[int, Light], title: str
) -> PrintTable:
    table = []
    for unit, members in by_unit(rows).items():
        sums = sum((figures[row.id] for row in members), ZERO)
        colors = [lights[row.id].color for row in members if row.id in lights]
        table.append(
            (unit, len(members), sums, colors.count(Color.RED), colors.count(Color.YELLOW))
        )
    lines = [
        [place, unit, count, *sums.amounts()[1:], sums.ratio, red, yellow]
        for place, (unit, count, sums, red, yellow) in by_place(
            table, lambda t: t[2].ratio, lambda t: t[0]
        )
    ]
    formats = dict.fromkeys(range(3, 7), AMOUNT) | {7: PERCENT}
    return PrintTable("单位排名", RANK_HEADER, lines, title, formats, {1: 16})
