"""Reading the office's holidays file (format in `domain.calendar`'s docstring)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearOverride:
    """One year's exceptions to Monday–Friday, as the office wrote them."""

    holidays: frozenset[date]
    workdays: frozenset[date]


def parse_holidays_file(path: Path) -> dict[int, YearOverride]:
    """Read an office holidays file; raise ValueError naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"节假日文件 {path} 无法读取：{exc}") from exc
    try:
        return {_year_key(key): _year_table(key, table) for key, table in data.items()}
    except ValueError as exc:
        raise ValueError(f"节假日文件 {path}：{exc}") from exc


def _year_key(key: str) -> int:
    if not (len(key) == 4 and key.isdigit()):
        raise ValueError(f"[{key}] 不是年份，应写成 [2027] 这样的四位年份")
    return int(key)


def _year_table(key: str, table: object) -> YearOverride:
    if not isinstance(table, dict):
        raise ValueError(f"[{key}] 应是一个表，包含 holidays 和 workdays 两个列表")
    unknown = sorted(set(table) - {"holidays", "workdays"})
    if unknown:
        raise ValueError(f"[{key}] 有不认识的键 {', '.join(unknown)}（只能是 holidays、workdays）")
    year = int(key)
    holidays = _dates(year, "holidays", table.get("holidays", []))
    workdays = _dates(year, "workdays", table.get("workdays", []))
    both = sorted(holidays & workdays)
    if both:
        raise ValueError(f"[{key}] {both[0].isoformat()} 同时列在 holidays 和 workdays 中")
    return YearOverride(frozenset(holidays), frozenset(workdays))


def _dates(year: int, name: str, items: object) -> set[date]:
    if not isinstance(items, list):
        raise ValueError(f"[{year}] {name} 应是日期列表")
    days: set[date] = set()
    for item in items:
        first, last = _date_range(year, name, item)
        while first <= last:
            days.add(first)
            first += _ONE_DAY
    return days


def _date_range(year: int, name: str, item: object) -> tuple[date, date]:
    where = f"[{year}] {name} 中的 {item!r}"
    if isinstance(item, date) and not isinstance(item, datetime):
        first = last = item
    elif isinstance(item, str):
        start, _, end = item.partition("..")
        try:
            first = date.fromisoformat(start.strip())
            last = date.fromisoformat(end.strip()) if end else first
        except ValueError:
            hint = "不是 YYYY-MM-DD 日期或 YYYY-MM-DD..YYYY-MM-DD 区间"
            raise ValueError(f"{where} {hint}") from None
    else:
        raise ValueError(f"{where} 不是日期")
    if first.year != year or last.year != year:
        raise ValueError(f"{where} 不在 {year} 年内")
    if last < first:
        raise ValueError(f"{where} 的结束日期早于开始日期")
    return first, last
