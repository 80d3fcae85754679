"""The dashboard's lists as tables: units, projects, issues (page and .xlsx alike)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import quote

from bot.dashboard.tables import AMOUNT, PERCENT, Listing, Wan
from domain import display
from storage.ledger.writer import Table
from storage.repos.dashboard_rows import Line
from storage.repos.issue_board import BoardIssue
from storage.repos.ranking import UnitRow

UNIT_HEADER = [
    "排名", "单位", "项目数", "年度计划（万元）", "累计完成（万元）", "序时计划（万元）",
    "序时完成率", "年度完成率", "红灯", "黄灯", "蓝灯", "最近一期未报", "未销号问题", "逾期问题",
]  # fmt: skip
PROJECT_HEADER = [
    "项目代码", "项目名称", "责任单位", "项目类别", "项目级别", "亮灯", "亮灯原因",
    "年度计划（万元）", "累计完成（万元）", "序时计划（万元）", "序时完成率", "包联领导",
    "未销号问题",
]  # fmt: skip
ISSUE_HEADER = [
    "编号", "项目代码", "项目名称", "责任单位", "问题", "类别", "状态", "承办", "办结时限",
    "是否逾期", "督办层级", "提出日期", "销号申请", "销号日期", "最新办理情况",
]  # fmt: skip


def unit_link(name: str) -> str:
    """The unit page's address."""
    return f"/dashboard/units/{quote(name, safe='')}"


def project_link(code: str) -> str:
    """The project page's address."""
    return f"/dashboard/projects/{quote(code, safe='')}"


def units_listing(
    rows: list[UnitRow], missing: Mapping[str, int], issues: list[BoardIssue]
) -> Listing:
    """One row per unit: completion against 序时, lights, 未报, open and overdue issues."""
    open_by_unit: dict[str, int] = {}
    overdue_by_unit: dict[str, int] = {}
    for issue in issues:
        if issue.is_open:
            open_by_unit[issue.unit] = open_by_unit.get(issue.unit, 0) + 1
        if issue.overdue:
            overdue_by_unit[issue.unit] = overdue_by_unit.get(issue.unit, 0) + 1
    body: list[list[Any]] = [
        [
            row.rank,
            row.unit,
            row.projects,
            Wan(row.annual_plan_yuan),
            Wan(row.ytd_done_yuan),
            Wan(row.schedule_plan_yuan),
            row.schedule_ratio,
            row.completion_ratio,
            row.red,
            row.yellow,
            row.blue,
            missing.get(row.unit, 0),
            open_by_unit.get(row.unit, 0),
            overdue_by_unit.get(row.unit, 0),
        ]
        for row in rows
    ]
    formats = {3: AMOUNT, 4: AMOUNT, 5: AMOUNT, 6: PERCENT, 7: PERCENT}
    table = Table("单位", UNIT_HEADER, body, formats=formats, widths={1: 18})
    links = [{1: unit_link(row.unit)} for row in rows]
    return Listing(table, links=links, minor=frozenset({3, 5, 7, 10}), compact=True)


def projects_listing(
    rows: list[Line], leaders: Mapping[int, list[str]], labels: Mapping[str, str]
) -> Listing:
    """One row per project: unit, category, level, light and why, plan, done, 序时, leaders,
    issues."""
    body: list[list[Any]] = [
        [
            row.code,
            row.name,
            row.unit,
            row.category,
            row.level,
            labels.get(row.color or "", row.color or "未评定"),
            "；".join(row.warnings) if row.color in ("red", "yellow") else "",
            Wan(row.annual),
            Wan(row.done),
            Wan(row.plan),
            row.ratio,
            "、".join(leaders.get(row.id, [])),
            row.open_issues,
        ]
        for row in rows
    ]
    formats = {7: AMOUNT, 8: AMOUNT, 9: AMOUNT, 10: PERCENT}
    widths = {1: 30, 2: 16, 6: 40}
    table = Table("项目", PROJECT_HEADER, body, formats=formats, widths=widths)
    return Listing(
        table,
        links=[{0: project_link(r.code), 1: project_link(r.code)} for r in rows],
        lights=[row.color for row in rows],
        light_column=5,
        minor=frozenset({0, 3, 4, 9}),
    )


def _handling(issue: BoardIssue, today: date) -> str:
    """`12月3日 进展：材料已报送`: the latest word on the issue's handling, blank if none."""
    said = issue.latest
    return f"{display.day(said.day, today)} {said.action}：{said.note}" if said else ""


def _asked(issue: BoardIssue, today: date) -> str:
    """`张伟 4月24日申请，待专班办公室确认`: a 销号 asked for and not yet confirmed, blank if
    none stands."""
    if not issue.closing_asked:
        return ""
    when = f" {display.day(issue.asked_at, today)}" if issue.asked_at else ""
    return f"{issue.asked_by or ''}{when}申请，待专班办公室确认".lstrip()


def issues_listing(issues: list[BoardIssue], today: date) -> Listing:
    """One row per issue, overdue first, with who holds it, who asked for its 销号 while the
    office has not confirmed it (销号申请) and, once closed, the day it was (销号日期); dates as
    read on `today`."""
    body: list[list[Any]] = [
        [
            issue.number,
            issue.project_code,
            issue.project_name,
            issue.unit,
            issue.text,
            issue.category,
            issue.state,
            issue.holder,
            issue.deadline,
            "逾期" if issue.overdue else "",
            issue.level,
            issue.created,
            _asked(issue, today),
            issue.closed or "",  # blank while open: no line for it on a phone's card
            _handling(issue, today),
        ]
        for issue in issues
    ]
    table = Table("问题", ISSUE_HEADER, body, widths={2: 24, 4: 40, 12: 36, 14: 40})
    links = [{1: project_link(i.project_code), 2: project_link(i.project_code)} for i in issues]
    lights = ["red" if issue.overdue else None for issue in issues]
    minor = frozenset({1, 5, 10, 11})
    return Listing(table, links=links, lights=lights, light_column=9, minor=minor, today=today)
