"""The office's holidays file (format in `domain.calendar`'s docstring): reading, merging a
notice in and writing it back."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import tomlkit

from domain.files import cannot_read, why_unreadable
from domain.notice import Notice
from domain.toml_errors import why_not_toml, why_not_tomlkit

_ONE_DAY = timedelta(days=1)
_DECEMBER = 12
_KEYS = {"holidays", "workdays", "source"}


@dataclass(frozen=True)
class YearOverride:
    """One year's exceptions to Monday–Friday, as the office (or a notice) wrote them."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    names: Mapping[date, str] = field(default_factory=dict)
    """Which holiday each listed day belongs to (`春节`), when the file says."""
    source: str = ""
    """Where the year came from (the notice's title), when the file says."""


def parse_holidays_file(path: Path) -> dict[int, YearOverride]:
    """Read an office holidays file; raise ValueError naming the file and the problem."""
    if (why := cannot_read(path)) is not None:
        raise ValueError(f"节假日文件 {path} 无法读取：{why}")
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ValueError(f"节假日文件 {path} 无法读取：{why_unreadable(exc)}") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"节假日文件 {path} 无法读取，{why_not_toml(exc, text)}") from exc
    try:
        return {_year_key(key): _year_table(key, table) for key, table in data.items()}
    except ValueError as exc:
        raise ValueError(f"节假日文件 {path}：{exc}") from exc


class HolidaysFileError(ValueError):
    """The holidays file could not be updated; it is left as it was."""


def write_notice(target: Path, notice: Notice) -> bool:
    """Write the notice's year into the holidays file at `target`, other years kept; True when
    it replaced that year's earlier data. Raises HolidaysFileError (the existing file is not
    valid TOML, or what was written cannot be read back) or OSError (cannot write there)."""
    before = _existing(target)
    try:
        merged = merge_notice(before, notice)
    except Exception as exc:  # tomllib read it, so tomlkit should too; said in Chinese anyway
        raise HolidaysFileError(
            f"节假日文件 {target} 格式有误，未改动：{why_not_tomlkit(exc)}"
        ) from exc
    temporary = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(merged, encoding="utf-8")
    try:
        parse_holidays_file(temporary)  # never replace a good file with one we cannot read
    except ValueError as exc:
        temporary.unlink()
        raise HolidaysFileError(f"写入的节假日文件无法读回，未改动 {target}：{exc}") from exc
    os.replace(temporary, target)
    return f"[{notice.year}]" in before


def _existing(target: Path) -> str:
    """The holidays file's text ("" when there is none yet). One that is not TOML is refused
    in the words the config file's mistakes are said in (tomllib's, read by `why_not_toml`):
    tomlkit would say the same mistakes in English."""
    if not target.exists():
        return ""
    text = ""
    try:
        text = target.read_bytes().decode("utf-8")
        tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        why = why_not_toml(exc, text)
        raise HolidaysFileError(f"节假日文件 {target} 格式有误，未改动：{why}") from exc
    return text


def merge_notice(text: str, notice: Notice) -> str:
    """The holidays file `text` with the notice's year written in (other years untouched)."""
    doc = tomlkit.parse(text) if text.strip() else tomlkit.document()
    table = tomlkit.table()
    table.add(tomlkit.comment("由 diaodu calendar import 按通知写入"))
    table.add("source", notice.title)
    holidays = tomlkit.table()
    for holiday in notice.holidays:
        holidays.add(holiday.name, f"{holiday.first.isoformat()}..{holiday.last.isoformat()}")
    table.add("holidays", holidays)
    workdays = tomlkit.table()
    for name in dict.fromkeys(workday.name for workday in notice.workdays):
        days = [w.day.isoformat() for w in notice.workdays if w.name == name]
        workdays.add(name, days)
    table.add("workdays", workdays)
    key = str(notice.year)
    if key in doc:
        doc.remove(key)
    doc.add(key, table)
    return tomlkit.dumps(doc)


def _year_key(key: str) -> int:
    if not (len(key) == 4 and key.isdigit()):
        raise ValueError(f"[{key}] 不是年份，应写成 [2027] 这样的四位年份")
    return int(key)


def _year_table(key: str, table: object) -> YearOverride:
    if not isinstance(table, dict):
        raise ValueError(f"[{key}] 应是一个表，包含 holidays 和 workdays")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ValueError(
            f"[{key}] 有不认识的键 {', '.join(unknown)}（只能是 holidays、workdays、source）"
        )
    year = int(key)
    names: dict[date, str] = {}
    holidays = _named_dates(year, "holidays", table.get("holidays", []), names)
    workdays = _named_dates(year, "workdays", table.get("workdays", []), names)
    both = sorted(holidays & workdays)
    if both:
        raise ValueError(f"[{key}] {both[0].isoformat()} 同时列在 holidays 和 workdays 中")
    source = table.get("source", "")
    if not isinstance(source, str):
        raise ValueError(f"[{key}] source 应是文字")
    return YearOverride(frozenset(holidays), frozenset(workdays), names, source)


def _named_dates(year: int, name: str, items: object, names: dict[date, str]) -> set[date]:
    # A plain list of dates, or a table naming each holiday: { "春节" = "2027-02-05..2027-02-11" }.
    if isinstance(items, dict):
        days: set[date] = set()
        for holiday, value in items.items():
            found = _dates(year, name, value if isinstance(value, list) else [value])
            names.update(dict.fromkeys(found, str(holiday)))
            days |= found
        return days
    if not isinstance(items, list):
        raise ValueError(f"[{year}] {name} 应是日期列表")
    return _dates(year, name, items)


def _dates(year: int, name: str, items: list[object]) -> set[date]:
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
    if not (_in_year(first, year) and _in_year(last, year)):
        raise ValueError(f"{where} 不在 {year} 年内")
    if last < first:
        raise ValueError(f"{where} 的结束日期早于开始日期")
    return first, last


def _in_year(d: date, year: int) -> bool:
    # A notice's 元旦 may start in the last days of December of the year before.
    return d.year == year or (d.year == year - 1 and d.month == _DECEMBER)
