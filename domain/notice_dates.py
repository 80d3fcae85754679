"""Dates as the State Council notice writes them: `1月28日（农历除夕、周二）`, `至3日（周六）`."""

from __future__ import annotations

import re
from datetime import date

WEEKDAYS = "一二三四五六日"
_WEEKDAY = re.compile(r"^(?:周|星期)([一二三四五六日天])$")
# One date with its optional note in brackets; the year and the month may be left out
# (`至3日` continues the month of the range's first day).
DATE = (
    r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日"
    r"(?:（(?P<{p}note>[^）]*)）)?"
)


class NoticeError(ValueError):
    """The notice cannot be read; `line` is the 1-based line that could not be accounted for."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(f"第{line}行：{message}" if line else message)
        self.line = line


def md(d: date) -> str:
    """`4月26日`, as the notice writes a day."""
    return f"{d.month}月{d.day}日"


def weekday_name(d: date) -> str:
    """`周四` for a Thursday."""
    return "周" + WEEKDAYS[d.weekday()]


def date_of(
    match: re.Match[str], prefix: str, default_year: int, default_month: int | None, line: int
) -> date:
    """The date captured under `prefix`, checked to exist and to fall on its stated weekday."""
    year = int(match[f"{prefix}y"] or default_year)
    month_text = match[f"{prefix}m"]
    month = int(month_text) if month_text else default_month
    if month is None:
        raise NoticeError(line, f"“{match[f'{prefix}d']}日”没有写月份")
    day = int(match[f"{prefix}d"])
    try:
        result = date(year, month, day)
    except ValueError:
        raise NoticeError(line, f"{year}年{month}月{day}日 这个日期不存在") from None
    _check_note(result, match[f"{prefix}note"], line)
    return result


def _check_note(d: date, note: str | None, line: int) -> None:
    # A note is "周二", "农历除夕、周二" or "星期六"; the weekday is what proves the year is right.
    for part in (note or "").split("、"):
        found = _WEEKDAY.match(part.strip())
        if not found:
            continue
        stated = WEEKDAYS.index(found[1].replace("天", "日"))
        if stated != d.weekday():
            raise NoticeError(
                line,
                f"{d.year}年{d.month}月{d.day}日是{weekday_name(d)}，通知写的是{part.strip()}"
                "（日期或年份有误？）",
            )
