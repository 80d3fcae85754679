"""Reading the State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notice is read as published: a title, the preamble, one numbered line per holiday
(`二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日
（周日）、2月8日（周六）上班。`) and the closing words. Every line is accounted for: a line that
carries dates or 放假/上班 and is not understood makes the whole notice refused, naming the line,
so a half-read arrangement never reaches the calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.notice_dates import DATE, NoticeError, date_of, md, weekday_name

__all__ = ["Notice", "NoticeError", "NoticeHoliday", "NoticeWorkday", "parse_notice"]

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_TITLE = re.compile(r"关于(\d{4})年部分节假日安排的通知")
_ITEM = re.compile(r"^[一二三四五六七八九十]+、\s*([^：:]+)[：:]\s*(.*)$")
_RANGE = re.compile(
    "^" + DATE.format(p="a") + r"(?:至" + DATE.format(p="b") + r")?放假(?:调休)?(?:(?P<n>\d+)天)?$"
)
_WORKDAY = re.compile("^" + DATE.format(p="w") + "$")
_COUNT = re.compile(r"^共(\d+)天$")
_HARMLESS = ("不调休", "与周末连休")
_MONTH_DAY = re.compile(r"\d{1,2}月\d{1,2}日")
_ISSUED = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


@dataclass(frozen=True)
class NoticeHoliday:
    """One holiday of the notice: its name and the days off, both ends included."""

    name: str
    first: date
    last: date
    line: int

    @property
    def days(self) -> list[date]:
        """Every day off of the range."""
        return [self.first + _ONE_DAY * i for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class NoticeWorkday:
    """A Saturday or Sunday worked (调休), with the holiday it belongs to."""

    day: date
    name: str
    line: int


@dataclass(frozen=True)
class Notice:
    """What a notice says for its year."""

    year: int
    title: str
    holidays: tuple[NoticeHoliday, ...]
    workdays: tuple[NoticeWorkday, ...]


def parse_notice(text: str) -> Notice:
    """Read a notice; raise NoticeError naming the first line that cannot be accounted for."""
    # typed again or pasted through a phone: ASCII brackets and colons for the notice's own
    lines = [
        line.strip().replace("\u3000", "").translate(_FULL_WIDTH) for line in text.splitlines()
    ]
    year = _year(lines)
    holidays: list[NoticeHoliday] = []
    workdays: list[NoticeWorkday] = []
    for number, line in enumerate(lines, start=1):
        item = _ITEM.match(line)
        if item:
            name = _festival(item[1], number)
            found, worked = _item(name, item[2], year, number)
            holidays += found
            workdays += worked
        else:
            _other_line(line, number, year)
    if not holidays:
        raise NoticeError(None, "没有找到任何放假安排（应有“一、元旦：……放假”这样的行）")
    _check_whole(holidays, workdays)
    _check_every_festival(holidays)
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    return Notice(year, title, tuple(holidays), tuple(workdays))


def _year(lines: list[str]) -> int:
    titles = [(number, _TITLE.search(line)) for number, line in enumerate(lines, start=1)]
    years = [(number, int(found[1])) for number, found in titles if found]
    if not years:
        raise NoticeError(None, "找不到通知标题“国务院办公厅关于YYYY年部分节假日安排的通知”")
    year = years[0][1]
    for number, other in years:
        if other != year:
            raise NoticeError(number, f"写的是{other}年，与标题的{year}年不一致")
    return year


def _festival(text: str, line: int) -> str:
    parts = [part.strip() for part in re.split("[、和与]", text)]
    unknown = [part for part in parts if part not in FESTIVALS]
    if unknown or not parts:
        known = "、".join(FESTIVALS)
        raise NoticeError(line, f"“{text}”不是法定节假日（应是{known}之一）")
    return "、".join(parts)


def _item(
    name: str, body: str, year: int, line: int
) -> tuple[list[NoticeHoliday], list[NoticeWorkday]]:
    holidays: list[NoticeHoliday] = []
    workdays: list[NoticeWorkday] = []
    # A 元旦 line may start in December of the year before (`12月31日至1月2日`).
    start_year = year - 1 if name == "元旦" and re.match(r"^12月", body) else year
    for sentence in filter(None, (part.strip() for part in re.split("[。；;]", body))):
        head, *rest = re.split("[，,]", sentence)
        if "放假" in head:
            holidays.append(_range(name, head, start_year, line))
            _tail(rest, holidays[-1], line, sentence)
        elif head.endswith("上班") and not rest:
            workdays += _workdays(name, head, year, line)
        elif head not in _HARMLESS or rest:
            raise NoticeError(line, f"看不懂“{sentence}”")
    if not holidays:
        raise NoticeError(line, f"{name}没有写放假日期")
    if "放假调休" in body and not workdays:  # a 调休 is made up on named days: cut short?
        raise NoticeError(line, f"{name}写了“放假调休”，却没有写调休上班的日期，可能没有复制完整")
    return holidays, workdays


def _range(name: str, text: str, year: int, line: int) -> NoticeHoliday:
    found = _RANGE.match(text)
    if not found:
        raise NoticeError(line, f"看不懂“{text}”（应写成“1月1日（周四）至3日（周六）放假”）")
    first = date_of(found, "a", year, None, line)
    last = date_of(found, "b", first.year, first.month, line) if found["bd"] else first
    if found["by"] is None and found["bm"] and int(found["bm"]) < first.month:
        last = date_of(found, "b", first.year + 1, None, line)  # 12月30日至1月1日
    if last < first:
        raise NoticeError(line, f"结束日期{md(last)}早于开始日期{md(first)}")
    holiday = NoticeHoliday(name, first, last, line)
    _check_count(holiday, found["n"], line)
    return holiday


def _tail(parts: list[str], holiday: NoticeHoliday, line: int, sentence: str) -> None:
    for part in (p.strip() for p in parts):
        count = _COUNT.match(part)
        if count:
            _check_count(holiday, count[1], line)
        elif part not in _HARMLESS:
            raise NoticeError(line, f"看不懂“{sentence}”中的“{part}”")


def _check_count(holiday: NoticeHoliday, stated: str | None, line: int) -> None:
    if stated is not None and int(stated) != len(holiday.days):
        raise NoticeError(
            line,
            f"{holiday.name}{md(holiday.first)}至{md(holiday.last)}是"
            f"{len(holiday.days)}天，通知写的是共{stated}天",
        )


def _workdays(name: str, text: str, year: int, line: int) -> list[NoticeWorkday]:
    days = []
    for part in text.removesuffix("上班").split("、"):
        found = _WORKDAY.match(part.strip())
        if found is None:
            raise NoticeError(line, f"看不懂“{text}”（应写成“1月4日（周日）上班”）")
        day_year = year - 1 if name == "元旦" and found["wm"] == "12" else year
        day = date_of(found, "w", day_year, None, line)
        if day.weekday() < _SATURDAY:
            raise NoticeError(
                line, f"调休上班日{day.year}年{md(day)}是{weekday_name(day)}，应是周六或周日"
            )
        days.append(NoticeWorkday(day, name, line))
    return days


def _other_line(line: str, number: int, year: int) -> None:
    # Title, 文号, addressee, preamble, closing words, signature and date carry no arrangement;
    # anything else that names a day or says 放假/上班 would be an arrangement we did not read.
    if not line or _TITLE.search(line) or _ISSUED.match(line) or line.startswith("节假日期间"):
        return
    for found in re.finditer(r"(\d{4})年", line):
        if int(found[1]) != year and "通知如下" in line:
            raise NoticeError(number, f"写的是{found[1]}年，与标题的{year}年不一致")
    if "通知如下" in line:
        return
    if _MONTH_DAY.search(line) or re.search("放假|上班|调休", line):
        raise NoticeError(number, f"看不懂“{line[:40]}”（放假安排应写成“一、元旦：……”）")


def _check_every_festival(holidays: list[NoticeHoliday]) -> None:
    # Every notice lists all seven; fewer means a text cut short (a chat message has a limit),
    # and the festivals left out would be ordinary working days for the whole year.
    named = {part for holiday in holidays for part in holiday.name.split("、")}
    if missing := [festival for festival in FESTIVALS if festival not in named]:
        raise NoticeError(
            None, f"没有{'、'.join(missing)}的放假安排：通知应列出全部七个节日，可能没有复制完整"
        )


def _check_whole(holidays: list[NoticeHoliday], workdays: list[NoticeWorkday]) -> None:
    seen: dict[date, NoticeHoliday] = {}
    for holiday in holidays:
        for day in holiday.days:
            other = seen.setdefault(day, holiday)
            if other is not holiday:
                raise NoticeError(
                    holiday.line, f"{holiday.name}的{md(day)}与{other.name}的放假日重叠"
                )
    for workday in workdays:
        clash = seen.get(workday.day)
        if clash is not None:
            raise NoticeError(
                workday.line, f"{md(workday.day)}既是{clash.name}放假日又是调休上班日"
            )
