"""A year's holidays and 调休 working days in words, as the CLI prints and the chat answers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from domain.calendar import Source, YearDays
from domain.notice import Notice
from domain.notice_dates import weekday_name

_ONE_DAY = timedelta(days=1)


def describe_notice(notice: Notice) -> list[str]:
    """Every holiday range and 调休 working day the notice gave, one per line."""
    lines = ["放假："]
    for holiday in notice.holidays:
        lines.append(f"  {holiday.name}：{_span(holiday.first, holiday.last)}")
    lines.append("调休上班：" if notice.workdays else "调休上班：无")
    lines += [f"  {_day(workday.day)}（{workday.name}）" for workday in notice.workdays]
    return lines


def describe_year(days: YearDays, path: Path | None) -> list[str]:
    """The lines of `calendar show` for one year (`path`: the holidays file, to name it)."""
    source = str(days.source)
    if days.source is Source.FILE:
        source += (f" {path.resolve()}" if path else "") + (f"（{days.note}）" if days.note else "")
    lines = [f"{days.year} 年放假安排，来源：{source}"]
    lines.append("放假：")
    for name, first, last in _ranges(days.holidays):
        lines.append(f"  {name}：{_span(first, last)}")
    lines.append("调休上班：" if days.workdays else "调休上班：无")
    lines += [f"  {_day(day)} {name}" for day, name in days.workdays.items()]
    if days.source is Source.FALLBACK:
        lines.append(f"尚未导入 {days.year} 年的国务院通知：以上按法定节假日推算，调休上班日未知。")
    return lines


def _ranges(days: dict[date, str]) -> list[tuple[str, date, date]]:
    ranges: list[tuple[str, date, date]] = []
    for day, name in sorted(days.items()):
        if ranges and ranges[-1][0] == name and ranges[-1][2] + _ONE_DAY == day:
            ranges[-1] = (name, ranges[-1][1], day)
        else:
            ranges.append((name, day, day))
    return ranges


def _span(first: date, last: date) -> str:
    count = (last - first).days + 1
    if first == last:
        return f"{_day(first)}，共1天"
    return f"{_day(first)}至{_day(last)}，共{count}天"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（{weekday_name(d)}）"
