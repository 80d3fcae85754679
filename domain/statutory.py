"""The holidays the law fixes, for a year whose State Council notice is not loaded yet.

《全国年节及纪念日放假办法》 (as amended in 2024) gives everyone these days off: 元旦
(1 January), 春节 (除夕 to 正月初三), 清明节 (the day of the 清明 solar term), 劳动节 (1–2 May),
端午节 (五月初五), 中秋节 (八月十五) and 国庆节 (1–3 October); a holiday that falls on a
Saturday or Sunday is made up on the next working day (补假). The yearly notice then moves days
around (调休), which no rule can foresee: that part stays unknown until the notice is imported.
Lunar dates and solar terms come from the maintained `tyme4py` calendar library, not from a
table of ours.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from tyme4py.lunar import LunarDay
from tyme4py.solar import SolarTerm

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def statutory_holidays(year: int) -> dict[date, str]:
    """Every statutory day off of `year` (weekends inside a holiday included), by name."""
    return dict(_statutory(year))


@lru_cache(maxsize=16)
def _statutory(year: int) -> tuple[tuple[date, str], ...]:
    days: dict[date, str] = {}
    for name, first, count in _festivals(year):
        block = [first + _ONE_DAY * i for i in range(count)]
        days.update((day, name) for day in block)
        weekend = sum(1 for day in block if day.weekday() >= _SATURDAY)
        day = block[-1]
        while weekend:  # 补假: one working day after the holiday per weekend day it covered
            day += _ONE_DAY
            if day.weekday() < _SATURDAY and day not in days:
                days[day] = f"{name}补假"
                weekend -= 1
    return tuple(sorted((day, name) for day, name in days.items() if day.year == year))


def _festivals(year: int) -> list[tuple[str, date, int]]:
    new_year = _lunar(year, 1, 1)
    return [
        ("元旦", date(year, 1, 1), 1),
        ("春节", new_year - _ONE_DAY, 4),  # 除夕 is the eve of 正月初一, whatever 腊月's length
        ("清明节", _solar_term(year, "清明"), 1),
        ("劳动节", date(year, 5, 1), 2),
        ("端午节", _lunar(year, 5, 5), 1),
        ("中秋节", _lunar(year, 8, 15), 1),
        ("国庆节", date(year, 10, 1), 3),
    ]


def _lunar(year: int, month: int, day: int) -> date:
    solar = LunarDay.from_ymd(year, month, day).get_solar_day()
    return date(solar.get_year(), solar.get_month(), solar.get_day())


def _solar_term(year: int, name: str) -> date:
    solar = SolarTerm.from_name(year, name).get_julian_day().get_solar_day()
    return date(solar.get_year(), solar.get_month(), solar.get_day())
