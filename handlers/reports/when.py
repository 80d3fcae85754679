"""Which year and month a report counts for: today's, or the one it names (`年度：2026`).

A report received in January counts for the new year unless it says otherwise; in January an
owner files last year's final figures late by naming the year (`2026年累计完成：6000万`,
`年度：2026`) or the month (`月份：2026年12月`). A year named without a month means that year's
December. A month before last month is closed: only the office corrects it.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dates import last_month_of
from domain.money import ROUNDING_YUAN
from domain.periods import Period, period_of
from handlers.reports.fields import fold_width
from storage.repos import reports
from storage.repos.reports import Figure

_YEAR = re.compile(r"^(\d{4})\s*年?度?$")
_MONTH = re.compile(r"^(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*月?份?$")
DECEMBER = 12
LAST_YEAR_SHARE = 0.8
"""A new year's 本年累计 this close to last year's final one is last year's, typed on; one
well below it starts the new year over."""
_CHINESE_MONTH = re.compile(r"(十[一二]?|[一二三四五六七八九])(?=月)")
_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True, order=True)
class Counted:
    """A year and a month a report counts for."""

    year: int
    month: int

    @property
    def label(self) -> str:
        """`2026-12`, as reports store their month."""
        return f"{self.year}-{self.month:02d}"

    @property
    def chinese(self) -> str:
        """`2026年12月`."""
        return f"{self.year}年{self.month}月"

    @classmethod
    def of(cls, day: date) -> Counted:
        """The month `day` is in."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, label: str) -> Counted:
        """From a stored month label `2026-12`."""
        return cls(int(label[:4]), int(label[5:7]))


def read_year(value: str) -> int:
    """`2026`, `2026年`, `2026年度`; ValueError quoting anything else."""
    found = _YEAR.match(fold_width(value).strip())
    if not found:
        raise ValueError(f"“{value.strip()}”不是年份，请写成 2026")
    return int(found[1])


def month_in_digits(text: str) -> str:
    """`十一月` (as voice input writes it) as `11月`."""
    return _CHINESE_MONTH.sub(lambda m: str(sum(_CHINESE_DIGITS[c] for c in m[1])), text)


def read_month(value: str) -> tuple[int | None, int]:
    """(year if given, month) from `2026年12月`, `2026-12`, `12月`, `十二月`; ValueError
    otherwise."""
    found = _MONTH.match(month_in_digits(fold_width(value).strip()))
    if not found or not 1 <= int(found[2]) <= DECEMBER:
        raise ValueError(f"“{value.strip()}”不是月份，请写成 2026年12月 或 12月")
    return (int(found[1]) if found[1] else None), int(found[2])


def counted_for(
    years: list[int], month: tuple[int | None, int] | None, today: date, *, office: bool = False
) -> Counted | str:
    """The year and month named by a report's fields, or why they cannot be.

    A month before last month is closed (SPEC §3: its 月报表 has gone up, its 晾晒 is out):
    only the office (`office`) may still correct it."""
    named = sorted(set(years + ([month[0]] if month and month[0] else [])))
    if len(named) > 1:
        return f"报告中写了两个年度（{'、'.join(map(str, named))}），请只写一个"
    year = named[0] if named else None
    if month is None:
        if year is None:
            return Counted.of(today)
        when = Counted(year, today.month if year == today.year else DECEMBER)
    else:
        # 月份：12月 in January is last December
        default = today.year if month[1] <= today.month else today.year - 1
        when = Counted(year or default, month[1])
    if when > Counted.of(today):
        return f"{when.chinese}还没到，不能提前填报"
    if when.year < today.year - 1:
        return f"只能补报去年或今年的数据，{when.year}年的请联系专班办公室"
    last_month = Counted.of(last_month_of(today))
    if when < last_month and not office:
        return (
            f"{when.chinese}已关账：只能补报或更正上月和本月的数字，"
            f"{when.chinese}的如需更正请联系专班办公室"
        )
    return when


@dataclass(frozen=True)
class Filing:
    """Where a report files: the month it counts for and the weekly period it answers."""

    counted: Counted
    period: Period
    current: bool
    """Whether it counts for this month (replies name the month when it does not)."""
    first_day: bool = False
    """Filed in last month by the 1st-of-month rule (the reply says how to file this month)."""


async def filing_of(
    session: AsyncSession,
    project_id: int,
    block_years: list[int],
    block_month: tuple[int | None, int] | None,
    today: date,
    figures: tuple[int | None, int | None] = (None, None),
    *,
    week: int | None = None,
    office: bool = False,
) -> Filing | str:
    """Where a block files, or why it cannot; the 1st-of-month correction rule included.

    `figures`: the block's 本月完成 and 本年累计, and `week` its 本周完成, which may show it
    is this month's; `office`: sent by the office, which may correct a closed month.
    """
    named = counted_for(block_years, block_month, today, office=office)
    if isinstance(named, str):
        return named
    this_month = Counted.of(today)
    if named != this_month:
        # Last year's (or an earlier month's) figures: the period is that month's last week.
        last_day = date(named.year, named.month, monthrange(named.year, named.month)[1])
        return Filing(named, period_of(last_day), current=False)
    period = period_of(today)
    if not (block_years or block_month) and today.day == 1:
        # A correction on the 1st to a report of last month's last days stays in last month.
        previous = Counted.of(today - timedelta(days=1))
        earlier = await reports.period_figure(session, project_id, period.label)
        if (
            earlier is not None
            and earlier.month == previous.label
            and not await _continues(session, project_id, earlier, figures, week)
            and not await _restarts(session, project_id, earlier, figures[1], today)
            # this month reported already (then last month corrected): it is this month's
            and not await reports.recent(session, project_id, limit=1, month=this_month.label)
        ):
            return Filing(previous, period, current=False, first_day=True)
    return Filing(this_month, period, current=True)


async def _continues(
    session: AsyncSession,
    project_id: int,
    earlier: Figure,
    figures: tuple[int | None, int | None],
    week: int | None,
) -> bool:
    """Whether the block adds new work to the total last month's report of this week
    (`earlier`) gave: a new month's report, not a correction of it. A 本周完成 that adds up
    from last week's total as well corrects that report (its week's amount left out of the
    total, most often: 4000万 again after 4000万, now 4100万)."""
    month_done, ytd = figures
    if month_done is not None:
        return _adds_up(month_done, ytd, earlier.ytd_investment_yuan)
    if week is None or not _adds_up(week, ytd, earlier.ytd_investment_yuan):
        return False
    last_week = await reports.latest_with_ytd_before(
        session, project_id, int(earlier.month[:4]), period=earlier.period
    )
    return last_week is None or not _adds_up(week, ytd, last_week.ytd_investment_yuan)


async def _restarts(
    session: AsyncSession, project_id: int, earlier: Figure, ytd: int | None, today: date
) -> bool:
    """Whether a 本年累计 sent on New Year's Day starts the new year over: well below
    December's report of the week (`earlier`), or below December's figure of the week before,
    it cannot correct December (a year's cumulative only rises) and is January's (the new
    year's 本年累计 counts from 1 January; SPEC §3)."""
    if today.month != 1 or ytd is None:
        return False
    december = earlier.ytd_investment_yuan
    if december is not None and ytd < december * LAST_YEAR_SHARE:
        return True
    week_before = await reports.latest_with_ytd_before(
        session, project_id, today.year - 1, period=earlier.period
    )
    floor = week_before.ytd_investment_yuan if week_before else None
    return floor is not None and ytd < floor


def _adds_up(added: int, ytd: int | None, last_total: int | None) -> bool:
    """Whether `ytd` is `added` on top of `last_total`, up to rounding."""
    if ytd is None or last_total is None:
        return False
    # a cumulative rounded otherwise than last month's (4.12亿 after 3.99亿 and 1200万)
    return abs(ytd - added - last_total) <= max(ROUNDING_YUAN, added // 10)


async def is_report_late(
    session: AsyncSession,
    project_id: int,
    period: str,
    earlier: Figure | None,
    due: datetime | None,
    now: datetime,
) -> bool:
    """Whether a report of `period` received `now` is late; `earlier`: the report it corrects,
    whose timeliness a correction keeps.

    A period is on time when its first report was; fixing a figure afterwards does not make
    the week late, nor does the other month's figure of a week across two months (or New
    Year) sent in that week after its deadline when the week was reported on time.
    """
    if earlier is not None:
        return earlier.is_late
    if due is None or now <= due:
        return False
    if period != period_of(now.date()).label:  # a month back-filled after its week is late
        return True
    other = await reports.period_figure(session, project_id, period)
    return other is None or other.is_late
