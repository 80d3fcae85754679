"""Which plan year (计划年度) an imported ledger's plan columns are for, and where that came from.

In order: `diaodu import --year`; a 计划年度 column; a year in the plan header
(`2027年计划投资（万元）`) or in the sheet's title (`2027年城区重点项目建设台账`); else the
clock's year, except in December, when next year's plan is imported: a file stating no year
is refused then. Sources that disagree, or a year far from the clock's without `--year`, refuse
the file: importing a plan under the wrong year would rewrite another year's figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storage.ledger.book import Book
from storage.ledger.parse import Parsed
from storage.ledger.result import LedgerError
from storage.ledger.rows import ProjectRow

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
DECEMBER = 12
MAX_YEARS_AWAY = 1
"""Without `--year`, a plan at most this many years from the clock's year."""
UNSTATED = "没有注明计划年度"
"""What a refusal for want of a plan year says (the dashboard offers the years on it)."""
CLOCK_YEAR = "未注明年度，按当前年份"
"""The source of a plan year the file does not state: the clock's."""


@dataclass(frozen=True)
class PlanYear:
    """The plan year and, in Chinese, where it was read (for the import's summary)."""

    year: int
    source: str


def plan_year(
    path: Path, book: Book, rows: list[Parsed[ProjectRow]], requested: int | None, today: date
) -> PlanYear:
    """The plan year of the file's plan columns; LedgerError when it cannot be told for sure."""
    stated = _stated(path, book, rows)
    if requested is not None:
        # a title dates the file more often than the plan: --year overrules it
        if stated is not None and stated.year != requested and not _from_title(stated):
            raise LedgerError(
                path,
                f"--year {requested} 与台账的计划年度 {stated.year} 年（{stated.source}）不一致，"
                "请核对后只用一个年度",
            )
        return PlanYear(requested, "--year 指定")
    if stated is None:
        if today.month == DECEMBER and _has_plans(book):
            # December is when next year's plan is imported: a plan column without a year
            # would rewrite this year's plans, and the month's 月报表 already sent upward
            raise LedgerError(
                path,
                f"12月导入的台账{UNSTATED}：如是 {today.year + 1} 年的计划，请加 "
                f"--year {today.year + 1}（或把表头写成“{today.year + 1}年计划投资（万元）”）；"
                f"如是修改 {today.year} 年的计划，请加 --year {today.year}",
            )
        return PlanYear(today.year, CLOCK_YEAR)
    if _from_title(stated) and stated.year < today.year:
        # a title left over from last year's file (2025年…台账, 11月更新) would send this
        # year's plan to last year; the plan header or a 计划年度 column say it for sure
        raise LedgerError(
            path,
            f"台账只在{stated.source}里写了 {stated.year} 年，当前是 {today.year} 年；"
            f"如确要修改 {stated.year} 年的计划，请加 --year {stated.year}，"
            f"导入 {today.year} 年的计划请改标题或加 --year {today.year}",
        )
    if abs(stated.year - today.year) > MAX_YEARS_AWAY:
        raise LedgerError(
            path,
            f"台账的计划年度是 {stated.year} 年（{stated.source}），与当前年份 {today.year} 年"
            f"相差一年以上；如确要导入这一年的计划，请加 --year {stated.year}",
        )
    return stated


def _has_plans(book: Book) -> bool:
    """Whether a sheet of the file has a plan (年度计划投资) column."""
    return any("年度计划投资" in layout.columns for _, layout in book.projects)


def _from_title(stated: PlanYear) -> bool:
    return stated.source.startswith("标题")


def _stated(path: Path, book: Book, rows: list[Parsed[ProjectRow]]) -> PlanYear | None:
    """The year the file itself states, None when it states none; LedgerError if two."""
    found: list[PlanYear] = []
    by_column = {(p.sheet, p.row): p.data.plan_year for p in rows if p.data.plan_year}
    if by_column:
        years = sorted(set(by_column.values()))
        if len(years) > 1:
            where = "、".join(
                f"{sheet}第{row}行 {year}" for (sheet, row), year in list(by_column.items())[:5]
            )
            raise LedgerError(
                path,
                f"“计划年度”列有 {'、'.join(map(str, years))} 多个年度（{where}），"
                "一次只能导入一个年度的计划，请分开导入",
            )
        found.append(PlanYear(years[0], "“计划年度”列"))
    titles: list[PlanYear] = []
    for sheet, layout in book.projects:
        column = layout.columns.get("年度计划投资")
        if column is not None and (match := _YEAR.search(column.header)):
            found.append(PlanYear(int(match[1]), f"表头「{column.header}」"))
        title = _title(sheet.rows[: layout.data_start])
        if title is not None and (match := _YEAR.search(title)):
            titles.append(PlanYear(int(match[1]), f"标题「{title}」"))
    # A title often dates the sheet (截至2026年11月) rather than the plan: it counts only when
    # neither a 计划年度 column nor the plan header names a year.
    found = found or titles[:1]
    if len({item.year for item in found}) > 1:
        said = "；".join(f"{item.source}为 {item.year} 年" for item in found)
        raise LedgerError(path, f"台账写的计划年度不一致：{said}。请改成同一年度后再导入")
    return found[0] if found else None


def _title(rows: list[list[Any]]) -> str | None:
    """The first title row above the header: one text (a merged title repeats in each cell)."""
    for row in rows:
        texts = {"".join(str(cell).split()) for cell in row if cell not in (None, "")} - {""}
        if len(texts) == 1:
            return texts.pop()
    return None
