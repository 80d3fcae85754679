"""Deadlines as people say them: 下周五, 本周内, 月底前, 3天内, 下月10日, 5个工作日.

Counted from `today`; 工作日 counts working days on the Chinese calendar (调休 included), every
other form counts calendar days. "本周内" is the week's last working day. A plain weekday or day
of the month (周五, 10号) is its next occurrence; one that names this week or month is taken as
said, even if it has passed, so the caller can say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from domain.calendar import WorkCalendar
from domain.dates import DateError
from domain.periods import add_months

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 6}
_WEEKDAY |= {str(n): n - 1 for n in range(1, 8)}
_WEEK = r"(?:周|星期|礼拜)"
_TAIL = re.compile(r"(?:之前|以前|前|以内|之内|内|为止|截止|完成|办结|办理完毕)+$")
_HEAD = re.compile(r"^(?:于|在|截至|截止到?|到)")
_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+")
_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")

_COUNT = re.compile(r"^(\d{1,6})\s*(?:个)?\s*(工作日|天|日|周|星期|礼拜|月)$")
MAX_COUNT = 999  # more is a typo, and beyond any deadline
_THIS_WEEKDAY = re.compile(rf"^(本|这|这个)?{_WEEK}([一二三四五六日天1-7])$")
_NEXT_WEEKDAY = re.compile(rf"^(下下|下)个?{_WEEK}([一二三四五六日天末1-7])$")
_WHOLE_WEEK = re.compile(rf"^(本|这|这个|下|下个){_WEEK}$")
_WEEKEND = re.compile(r"^(本|这|这个|下|下个)?周末$")
_MONTH_END = re.compile(r"^(本|这个?|下个?)?月(?:底|末)?$")
_MONTH_DAY = re.compile(r"^(本|这个?|下个?)?月?(\d{1,2})\s*[日号]$")
_YEAR_END = re.compile(r"^(?:今|本)?年(?:底|末)?$")
_NAMED = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}


def parse_relative(
    text: str, today: date, calendar: WorkCalendar, *, spans: bool = True
) -> date | None:
    """The day a relative expression names; None when `text` is not one (DateError if absurd).

    With `spans` false only words naming one day are read (明天, 下周三, 下月10日), not the
    end of a span (本周内, 月底, 3天内): a leave from "下周" is not a leave of one day.
    """
    said = _normalize(text)
    if said in _NAMED:
        return today + timedelta(days=_NAMED[said])
    for pattern, rule in _RULES if spans else _DAY_RULES:
        if match := pattern.match(said):
            return rule(match, today, calendar, text)
    return None


WEEKS: dict[str, int] = {
    **dict.fromkeys(("本周", "这周", "本星期", "这个星期"), 0),
    **dict.fromkeys(("上周", "上一周", "上星期", "上个星期"), -1),
    **dict.fromkeys(("下周", "下一周", "下星期", "下个星期"), 1),
    "下下周": 2,
}
"""Weeks named relative to this one (`上周`: -1), as people say them."""


def is_bare_weekday(text: str) -> bool:
    """Whether `text` is a weekday alone (`周三`, `星期五`): the end of a span from 下周一 is
    that week's, not this week's."""
    match = _THIS_WEEKDAY.match(_normalize(text))
    return match is not None and match.group(1) is None


def is_bare_day(text: str) -> bool:
    """Whether `text` is a day of the month alone (`5号`): the end of a span from `28号` is
    next month's, not the one before the start."""
    match = _MONTH_DAY.match(_normalize(text))
    return match is not None and match.group(1) is None


def counts_days(text: str) -> bool:
    """Whether `text` counts calendar days from today (`10天`, `一周`, `明天`), rather than
    naming a date or the end of a span: such a count may end on a day off."""
    said = _normalize(text)
    if said in _NAMED:
        return True
    match = _COUNT.match(said)
    return match is not None and match.group(2) != "工作日"


Rule = Callable[[re.Match[str], date, WorkCalendar, str], date]


def _count(match: re.Match[str], today: date, calendar: WorkCalendar, text: str) -> date:
    count = int(match.group(1))
    if count > MAX_COUNT:
        raise DateError(f"期限“{text.strip()[:20]}”太远")
    if count == 0:  # `0个工作日`: due at once, overdue by the next morning
        raise DateError(f"期限“{text.strip()[:20]}”不对：时限至少 1 个工作日")
    return _after(today, count, match.group(2), calendar)


def _this_weekday(match: re.Match[str], today: date, _: WorkCalendar, __: str) -> date:
    day = _monday(today) + timedelta(days=_WEEKDAY[match.group(2)])
    return day + timedelta(days=7) if match.group(1) is None and day < today else day


def _next_weekday(match: re.Match[str], today: date, _: WorkCalendar, __: str) -> date:
    weeks = 2 if match.group(1) == "下下" else 1
    return _monday(today) + timedelta(days=7 * weeks + _WEEKDAY[match.group(2)])


def _week(match: re.Match[str], today: date, calendar: WorkCalendar, text: str) -> date:
    day = _monday(today) + timedelta(days=7) if _is_next(match.group(1)) else today
    return _week_end(day, calendar, weekend=match.group(0).endswith("末"))


def _month_day_rule(match: re.Match[str], today: date, _: WorkCalendar, text: str) -> date:
    return _month_day(today, match.group(1), int(match.group(2)), text)


def _month_end(match: re.Match[str], today: date, _: WorkCalendar, __: str) -> date:
    return _last_of_month(add_months(today.replace(day=1), _is_next(match.group(1))))


def _year_end(_: re.Match[str], today: date, __: WorkCalendar, ___: str) -> date:
    return date(today.year, 12, 31)


_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = (
    (_COUNT, _count),
    (_THIS_WEEKDAY, _this_weekday),
    (_NEXT_WEEKDAY, _next_weekday),
    (_WHOLE_WEEK, _week),
    (_WEEKEND, _week),
    (_MONTH_DAY, _month_day_rule),
    (_MONTH_END, _month_end),
    (_YEAR_END, _year_end),
)
_DAY_RULES = tuple(
    (pattern, rule)
    for pattern, rule in _RULES
    if rule in (_this_weekday, _next_weekday, _month_day_rule)
)


def _is_next(which: str | None) -> int:
    """1 for 下/下个 (next week or month), else 0."""
    return int(which is not None and which.startswith("下"))


def _normalize(text: str) -> str:
    said = re.sub(r"\s+", "", text.translate(_WIDE))
    said = _HEAD.sub("", _TAIL.sub("", said))
    return _NUMBER.sub(lambda m: str(_chinese_number(m.group(0))), said) if said else said


def _chinese_number(word: str) -> int | str:
    """三 → 3, 十五 → 15, 二十 → 20; anything else (星期天's 天 is not here) stays as typed."""
    if "十" not in word:
        return _DIGITS[word] if len(word) == 1 else word
    tens, _, units = word.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return word
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def _after(today: date, count: int, unit: str, calendar: WorkCalendar) -> date:
    if unit == "工作日":
        return calendar.add_workdays(today, count)
    if unit in ("天", "日"):
        return today + timedelta(days=count)
    if unit == "月":
        return add_months(today, count)
    return today + timedelta(days=7 * count)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_end(day: date, calendar: WorkCalendar, *, weekend: bool) -> date:
    """The week's last working day (not before `day`), or its Sunday for 周末 / a week off."""
    sunday = _monday(day) + timedelta(days=6)
    last = None if weekend else calendar.last_workday_of_week(day)
    return last if last is not None and last >= day else sunday


def _month_day(today: date, which: str | None, number: int, text: str) -> date:
    first = add_months(today.replace(day=1), _is_next(which))
    try:
        day = first.replace(day=number)
    except ValueError as exc:
        raise DateError(f"“{text.strip()}”：{first.month}月没有{number}日") from exc
    if which is None and day < today:  # "10号前" said on the 28th means next month's
        return _month_day(today, "下", number, text)
    return day


def _last_of_month(first: date) -> date:
    return add_months(first, 1) - timedelta(days=1)
