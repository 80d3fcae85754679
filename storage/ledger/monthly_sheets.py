"""The 月报表's sheets: one row per project grouped by 责任单位 (a 小计 each, a 合计), and the
units ranked; what each cell says of a row's light and problems."""

from __future__ import annotations

from typing import Any

from domain.light_types import Color, Light, LightThresholds
from domain.problem_text import Verdict, judge
from domain.ranks import by_place
from storage.ledger.month_figures import ZERO, Figures
from storage.ledger.print_book import PrintTable
from storage.ledger.writer import AMOUNT, PERCENT
from storage.repos.month_report import MonthRow, by_unit

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


def light_cell(light: Light | None, th: LightThresholds) -> str:
    """The light as the bot tells it: its label, then the reasons that are not blue."""
    if light is None:
        return "未评定"
    reasons = [r.text for r in light.reasons if r.color is not Color.BLUE]
    label = th.label(light.color)
    return f"{label}：{'；'.join(reasons)}" if reasons else label


def report_sheet(
    rows: list[MonthRow],
    figures: dict[int, Figures],
    lights: dict[int, Light],
    problems: dict[int, str],
    th: LightThresholds,
    title: str,
) -> PrintTable:
    """The 月报表 sheet: each unit's projects numbered in turn, its 小计 after them, a 合计
    last (sum rows in bold)."""
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


def problems_cell(row: MonthRow, issues: list[str]) -> str:
    """The 存在问题 cell: the issues open then (`#2 …；#5 …`), else the month's report's own
    text of a problem (its last report may say none while an issue is overdue)."""
    if issues:
        return "；".join(issues)
    text = row.problems_text or ""
    return text if judge(text) is Verdict.PROBLEM else ""


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


def ranking_sheet(
    rows: list[MonthRow], figures: dict[int, Figures], lights: dict[int, Light], title: str
) -> PrintTable:
    """The units ranked by completion against 序时, with their red and yellow lights."""
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
