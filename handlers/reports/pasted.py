"""A report pasted from Excel: a header row naming report fields and a project column, then a
row per project, its cells parted by tabs as Excel copies them. Written out as the `进度 <项目>`
blocks of `字段：值` lines the grammar reads, one block per row and one line per non-empty cell,
so a paste goes through the same path as a report typed by hand."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace

from handlers.reports.fields import (
    AMOUNT_FIELDS,
    FLAG_FIELDS,
    TEXT_FIELDS,
    WHEN_FIELDS,
    fold_width,
    read_key,
)
from handlers.reports.lines import is_amount, read_header
from handlers.reports.one_line import spread
from storage.ledger.names import canonical, done_month

TAB = "\t"
PASTE_HINT = (
    "没有表头，看不出各列是什么：从 Excel 复制时请连同表头一行一起复制，机器人按表头读取各列"
)
_PROJECT_COLUMNS = ("项目名称", "项目代码", "简称")
"""The ledger's columns that name a row's project, the name used first."""
_NAME_WORDS = frozenset({"项目", "名称", "工程名称", "项目（工程）名称", "项目(工程)名称"})
_REPORTED = (*AMOUNT_FIELDS, *TEXT_FIELDS, *FLAG_FIELDS)
_TOTALS = re.compile(r"^(?:合计|小计|总计|汇总)")  # a sum row is no project's
_CURRENCY = re.compile(r"^[¥￥]\s*")  # `¥1,530.00`: Excel's currency format
# `本月完成投资/万元`, `本月完成万元`: the unit after the key, not in brackets
_UNIT_TAIL = re.compile(r"^(.+?)[/:]?(亿元|万元|元)$")
_SHEET_UNIT = re.compile(r"单位\s*:\s*(亿元|万元|元)")


@dataclass(frozen=True)
class _Header:
    """The columns of a header row: each read field's key as it is to be written, and the
    column naming the project (None: the paste fills in the block typed above it)."""

    keys: dict[int, str]
    project: tuple[int, ...]


def cells(line: str) -> list[str]:
    """A line's tab-parted cells."""
    return line.split(TAB)


def as_typed(lines: list[str]) -> list[str]:
    """The lines with a table pasted from Excel written out as report blocks; unchanged when
    the message holds no such table."""
    found = _found(lines)
    if found is None:
        return _form(lines) or lines
    start, header, after = found
    header = _in_sheet_unit(header, "\n".join(lines[: start + 1]))
    rows, end = _rows(lines, after)
    if not rows or (not header.project and len(rows) > 1):
        return lines  # several rows, and no column says whose each is
    above = start
    before = next((i for i in range(start - 1, -1, -1) if lines[i].strip()), None)
    if header.project and before is not None and _bare_header(lines[before]):
        above = before  # `进度` (or `进度 物流园`) typed above the paste: the rows name theirs
    written = [line for row in rows for line in _block(header, row)]
    return [*lines[:above], *written, *lines[end:]]


def has_header(lines: list[str]) -> bool:
    """Whether a line of the message is a pasted header row (`项目名称	本月完成	…`)."""
    return _found(lines) is not None or _form(lines) is not None


def _found(lines: list[str]) -> tuple[int, _Header, int] | None:
    """Where the header row begins, its columns, and the index of the line after it (a
    header cell of two lines, `本月完成` over `（万元）`, comes quoted over both)."""
    for index, line in enumerate(lines):
        if TAB not in line:
            continue
        if '"' not in line:
            header, after = _header(cells(line)), index + 1
        else:
            reader = csv.reader((typed + "\n" for typed in lines[index:]), delimiter=TAB)
            header, after = _header(next(reader, [])), index + reader.line_num
        if header is not None:
            return index, header, after
    return None


def looks_pasted(line: str) -> bool:
    """Whether a line is a row of cells copied from Excel with a figure among them (a cell
    that is an amount: `1,530.00`, `¥1,530.00`; `明天9点` is none)."""
    filled = [_CURRENCY.sub("", fold_width(cell).strip()) for cell in cells(line) if cell.strip()]
    return len(filled) >= 2 and any(is_amount(cell) for cell in filled)


def _bare_header(line: str) -> bool:
    """`进度`, or `进度 物流园` with no field after the name."""
    return read_header(line) is not None and len(spread(line)) == 1


def _header(row: list[str]) -> _Header | None:
    """The row's columns if it is a header naming report fields (and its project column)."""
    keys: dict[int, str] = {}
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = "".join(cell.split())
        if text and is_amount(text):
            return None  # `本月完成	120万	累计完成	2023万`: a report typed with tabs
        name = "项目名称" if text in _NAME_WORDS else canonical(text)[0]
        if name in _PROJECT_COLUMNS:
            found.setdefault(name, index)
        elif (key := _key(text, name)) is not None:
            keys[index] = key
    reported = [key for key in keys.values() if read_key(key).field in _REPORTED]
    project = tuple(found[name] for name in _PROJECT_COLUMNS if name in found)
    if not reported or (not project and len(reported) < 2):
        return None
    return _Header(keys, project)


def _key(text: str, ledger_name: str | None) -> str | None:
    """The key to write for a header cell (`本月完成（万元）`), or None: a column the report
    does not read (序号, 责任单位, 年度计划, 总投资)."""
    field = read_key(text).field
    if field in _REPORTED or (field in WHEN_FIELDS and ledger_name is None):
        return text  # 计划年度 is the ledger's plan year, not the report's
    tail = _UNIT_TAIL.match(fold_width(text))
    if tail and read_key(tail[1]).field in _REPORTED:
        return f"{tail[1]}（{tail[2]}）"
    if (month := done_month(text)) is not None:  # `2026年1—11月累计完成投资（万元）`
        year, end = month
        unit = read_key(text).unit
        return f"{f'{year}年' if year else ''}{end}月累计完成{f'（{unit}）' if unit else ''}"
    return None


def _in_sheet_unit(header: _Header, above: str) -> _Header:
    """The header with the unit a title row states (`单位：亿元`) on each amount column that
    states none of its own, as the ledger import reads a sheet."""
    said = _SHEET_UNIT.search(fold_width(above))
    if said is None:
        return header
    keys = {
        index: f"{key}（{said[1]}）"
        if read_key(key).field in AMOUNT_FIELDS and read_key(key).unit is None
        else key
        for index, key in header.keys.items()
    }
    return replace(header, keys=keys)


def _rows(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """The value rows from `start` (a cell quoted over several lines is one cell, as Excel
    copies it), and the index of the first line after them."""
    rows: list[list[str]] = []
    reader = csv.reader((line + "\n" for line in lines[start:]), delimiter=TAB)
    end = start
    for row in reader:
        if len(row) < 2 and any(cell.strip() for cell in row):
            break  # a line of its own after the table: a remark
        end = start + reader.line_num
        if any(cell.strip() for cell in row):
            rows.append([cell.strip() for cell in row])
    return rows, end


def _block(header: _Header, row: list[str]) -> list[str]:
    """One row as its `进度 <项目>` line and a `字段：值` line per non-empty cell."""
    name = next((row[i] for i in header.project if i < len(row) and row[i]), "")
    if any(_TOTALS.match(cell) for cell in (name, *row[:1])):
        return []
    out = [f"进度 {' '.join(name.split())}"] if header.project else []
    for index, key in header.keys.items():
        out.extend(_field_lines(key, row[index] if index < len(row) else ""))
    return out


def _field_lines(key: str, value: str) -> list[str]:
    """A cell as its `字段：值` line, none when it is empty; a cell of several lines (Alt+Enter)
    runs on, as a text typed so would."""
    if read_key(key).field in AMOUNT_FIELDS:
        value = _CURRENCY.sub("", fold_width(value))
    return f"{key}：{value}".split("\n") if value else []


def _form(lines: list[str]) -> list[str] | None:
    """A form copied as a pair of cells a line (`项目名称	物流园` over `本月完成（万元）	120`):
    its lines as typed, a block per project named; None when the message is none."""
    out: list[str] = []
    named = fields = 0
    for line in lines:
        filled = [cell.strip() for cell in cells(line) if cell.strip()]
        if TAB not in line or len(filled) < 2:
            out.extend([] if TAB in line else [line])  # `存在问题	` left empty: nothing said
            continue
        if len(filled) > 2:
            return None  # a row of a table, not a pair
        text = "".join(filled[0].split())
        name = "项目名称" if text in _NAME_WORDS else canonical(text)[0]
        if name in _PROJECT_COLUMNS:
            out.append(f"进度 {filled[1]}")
            named += 1
        elif (key := _key(text, name)) is not None:
            out.extend(_field_lines(key, filled[1]))
            fields += 1
    return out if named and fields else None
