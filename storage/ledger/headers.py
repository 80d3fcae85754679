"""Finding the header of a sheet kept by hand: title rows above it, two-row merged headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storage.ledger.names import (
    AMOUNT_COLUMNS,
    DONE_SO_FAR,
    MONTHS,
    UNIT_SCALES,
    WAN,
    canonical,
    clean,
    done_month,
)

SCAN_ROWS = 20
_PERSON_COLUMNS = ("责任人", "包联领导")
_NAME_WORDS = frozenset({"姓名", "名字"})
_PHONE_WORDS = frozenset({"手机", "手机号", "手机号码", "电话", "联系电话", "联系方式"})
_UNIT_NOTE = re.compile(r"单位[:]?(亿元|万元|元)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_DONE_WORDS = re.compile(r"完成|实际|已完")
# words of a header that holds what the ledger is read for, when it names no known column
_DATA_WORDS = re.compile(
    r"投资|计划|代码|编码|单位|责任|包联|领导|开工|竣工|入统|纳统|状态|类别|属地"
)


@dataclass(frozen=True)
class Column:
    """One recognised column: where it is, what the file calls it, and its amount unit."""

    index: int
    name: str
    header: str
    scale: Decimal


@dataclass(frozen=True)
class Layout:
    """The recognised columns of a sheet and the first data row (0-based)."""

    columns: dict[str, Column]
    data_start: int
    doubled: tuple[tuple[Column, Column], ...] = ()
    """Amount columns headed twice (say 2025年 and 2026年计划投资): which one is meant?"""
    unknown: tuple[str, ...] = ()
    """Headers that look like ledger data but name no known column (nothing is read from them)."""


def detect(rows: list[list[Any]]) -> Layout | None:
    """The sheet's header: the row, or pair of rows, naming the most known columns."""
    scanned = rows[: SCAN_ROWS + 1]
    singles = [len(_names(row, None)) for row in scanned]
    best: tuple[int, int, bool] | None = None
    for index in range(min(SCAN_ROWS, len(rows))):
        double = len(_names(rows[index], rows[index + 1])) if index + 1 < len(scanned) else 0
        # Two rows make the header only when together they name more than either alone
        # (a merged title row over a plain header must not count as a parent row).
        if index + 1 < len(scanned) and double <= max(singles[index], singles[index + 1]):
            double = 0
        for count, two in ((singles[index], False), (double, True)):
            if count >= 2 and (best is None or count > best[0]):
                best = (count, index, two)
    if best is None:
        return None
    _, index, two = best
    default = _sheet_scale(rows[: index + 1])
    child = rows[index + 1] if two else None
    # A single header row under a merged parent (投资情况（亿元） over 总投资 | 年度计划):
    # the parent's unit holds for the columns under it that state none of their own.
    above = rows[index - 1] if index > 0 and not two else None
    # parents over some columns, not a title merged over all (2026年…完成情况表)
    parents = above if above is not None and len({_text(c) for c in above} - {""}) > 1 else None
    columns: dict[str, Column] = {}
    doubled: list[tuple[Column, Column]] = []
    for col, (name, header, scale) in _names(rows[index], child, every=True).items():
        if name in MONTHS and parents is not None and _done(_text(_at(parents, col))):
            continue  # 1月…12月 under a merged 月度完成投资: what was done, never the plan
        column = Column(col, name, header, scale or _parent_scale(above, col, header) or default)
        if name not in columns:
            columns[name] = column
        elif (later := _later_year(columns[name], column)) is not None:
            columns[name] = later  # 2025年 | 2026年计划投资: the later year's plan is the new one
        elif name == DONE_SO_FAR:  # 1-9月 | 1-10月累计完成: the later month's is the one
            columns[name] = max(columns[name], column, key=lambda c: _done_to(c.header))
        elif name in AMOUNT_COLUMNS:
            doubled.append((columns[name], column))
    unknown = _unknown(rows[index], child)
    return Layout(columns, index + (2 if two else 1), tuple(doubled), unknown)


def _at(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else ""


def _done(parent: str) -> bool:
    return bool(_DONE_WORDS.search(parent)) and "计划" not in parent


def _later_year(first: Column, second: Column) -> Column | None:
    if first.name != "年度计划投资":
        return None
    one, other = _YEAR.search(first.header), _YEAR.search(second.header)
    if one is None or other is None or one[1] == other[1]:
        return None
    return second if other[1] > one[1] else first


def _parent_scale(above: list[Any] | None, col: int, header: str) -> Decimal | None:
    if above is None or col >= len(above):
        return None
    top = _text(above[col])
    if not top or clean(top) == clean(header):
        return None
    return canonical(top)[1]


def _unknown(parent: list[Any], child: list[Any] | None) -> tuple[str, ...]:
    unknown: list[str] = []
    _names(parent, child, unknown=unknown)
    return tuple(dict.fromkeys(unknown))


def _names(
    parent: list[Any],
    child: list[Any] | None,
    every: bool = False,
    unknown: list[str] | None = None,
) -> dict[int, tuple[str, str, Decimal | None]]:
    """Column index → (name, header, unit) of the columns named; a name named again is left
    out unless `every`; headers that look like ledger data but name nothing go to `unknown`."""
    found: dict[int, tuple[str, str, Decimal | None]] = {}
    seen: set[str] = set()
    carried = ""
    previous: str | None = None
    for col, cell in enumerate(parent):
        top = _text(cell)
        below = _text(child[col]) if child is not None and col < len(child) else ""
        # A parent merged across columns leaves the later cells empty (always so in CSV).
        top = top or (carried if below else "")
        carried = top
        name, scale, header = _combine(top, below)
        # 责任人 | 联系电话 | 包联领导 | 联系电话: each number is the person's on its left
        if name == "手机" and previous in _PERSON_COLUMNS:
            name = f"{previous}手机"
        previous = name
        # figures done (1-10月完成投资) come from the chat reports, never from a ledger
        if (
            name is None
            and unknown is not None
            and _DATA_WORDS.search(header)
            and not _done(header)
        ):
            unknown.append(header)
        if name and (every or name not in seen):
            seen.add(name)
            found[col] = (name, header, scale)
    return found


def _combine(top: str, below: str) -> tuple[str | None, Decimal | None, str]:
    if not below or clean(below) == clean(top):
        name, scale = canonical(top)
        return name, scale, top
    header = f"{top}/{below}" if top else below
    parent, parent_scale = canonical(top)
    word = clean(below)
    if parent in _PERSON_COLUMNS and word in _NAME_WORDS:
        return parent, None, header
    if parent in _PERSON_COLUMNS and word in _PHONE_WORDS:
        return f"{parent}手机", None, header
    name, scale = canonical(below)
    if name in MONTHS and _done(top):
        return None, None, header  # 1月…12月 under 月度完成投资: what was done, not the plan
    if name is None:
        name, scale = canonical(top + below)
    if name is None:
        name, scale = canonical(below + top)
    return name, scale or parent_scale, header


def _sheet_scale(rows: list[list[Any]]) -> Decimal:
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and (match := _UNIT_NOTE.search(clean(cell))):
                return UNIT_SCALES[match.group(1)]
    return WAN


def _text(cell: Any) -> str:
    return "".join(cell.split()) if isinstance(cell, str) else ""


def _done_to(header: str) -> tuple[int, int]:
    """How late a year-to-date done column runs: a column naming no year is the plan year's,
    after any that names one (2025年1-12月 beside 1-10月: the latter)."""
    found = done_month(header)
    if found is None:
        return 0, 0
    year, month = found
    return year or 9999, month
