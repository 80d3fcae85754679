"""The 月报表's 开复工 and 入统 sheets: by unit against the lines, and the 入库纳统 list."""

from __future__ import annotations

from typing import Any

from domain.starts import StartTally
from storage.ledger.print_book import PrintTable
from storage.ledger.writer import PERCENT
from storage.repos.starts import StartsReport
from storage.repos.stats_list import StatsUnit

UNIT_HEADER = [
    "责任单位",
    "新建项目",
    "已开工",
    "开工率",
    "应开未开",
    "续建项目",
    "已复工",
    "复工率",
    "应复未复",
    "开复工率",
    "已开工项目",
    "已入统",
    "开工满期应入统",
    "其中已入统",
    "入统率",
    "超期未入统",
]
LIST_HEADER = ["序号", "项目代码", "项目名称", "责任单位", "开工日期", "开工天数", "是否超期"]


def starts_and_stats_sheet(
    starts: StartsReport, stats: tuple[StatsUnit, list[StatsUnit]], title: str
) -> PrintTable:
    """One row per unit and a 合计: 开复工 and 入统."""
    total, units = stats
    by_unit = {u.unit: u for u in units}
    rows = [_row(t, by_unit.get(t.unit, StatsUnit(t.unit))) for t in starts.units]
    for name in sorted(set(by_unit) - {t.unit for t in starts.units}):
        rows.append([name, *[0, 0, None, 0, 0, 0, None, 0, None], *_stats(by_unit[name])])
    rows.append(_row(starts.total, total))
    formats = {3: PERCENT, 7: PERCENT, 9: PERCENT, 14: PERCENT}
    return PrintTable(
        "开复工与入统", UNIT_HEADER, rows, title, formats, {0: 16}, bold_rows={len(rows) - 1}
    )


def _row(t: StartTally, s: StatsUnit) -> list[Any]:
    return [
        t.unit,
        t.new,
        t.new_started,
        t.start_rate,
        len(t.overdue_starts),
        t.continuing,
        t.resumed,
        t.resume_rate,
        len(t.not_resumed),
        t.rate,
        *_stats(s),
    ]


def _stats(s: StatsUnit) -> list[Any]:
    return [s.started, s.in_stats, s.due, s.due_in, s.rate, s.overdue]


def stats_list_sheet(total: StatsUnit, title: str) -> PrintTable:
    """Every started project not in the statistics yet, longest waiting first."""
    rows = [
        [n, i.code, i.name, i.unit, i.started_on, i.days, "是" if i.overdue else "否"]
        for n, i in enumerate(total.waiting, start=1)
    ]
    return PrintTable("入库纳统清单", LIST_HEADER, rows, title, {4: "yyyy-mm-dd"}, {2: 30, 3: 16})
