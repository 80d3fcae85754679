"""How a report's reply names its figures: the month and year they count for."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers.reports.when import Counted


def figure_names(counted: Counted, today: date) -> dict[str, str]:
    """What the reply calls the figures: 本月/本年 of today's month and year, else the month
    and year they count for (`12月完成`, `2026年累计完成` for December's sent on 元旦)."""
    month = "本月" if (counted.year, counted.month) == (today.year, today.month) else None
    return {
        "period": f"{month or f'{counted.month}月'}完成",
        "ytd": "本年累计完成" if counted.year == today.year else f"{counted.year}年累计完成",
    }


def past_year(
    year: int, annual: int | None, ytd: int | None, this_year: int
) -> dict[str, Any] | None:
    """A report filed for an earlier year is answered with that year's figures: the project's
    standing this year says nothing about it."""
    if year == this_year:
        return None
    return {
        "year": year,
        "annual": annual,
        "done": ytd,
        "rate": ytd / annual if annual and ytd is not None else None,
    }


def as_counted(text: str, counted: Counted, today: date) -> str:
    """A refusal or a doubt in the words of the month the figures count for: `12月`, `2026年累计`
    where `本月`, `本年累计`, `今年` (today's) would name another (December's sent in January)."""
    if counted.year != today.year:
        text = text.replace("本年累计", f"{counted.year}年累计")
        text = text.replace("今年", f"{counted.year}年").replace("去年", f"{counted.year - 1}年")
    if (counted.year, counted.month) != (today.year, today.month):
        text = text.replace("本月", f"{counted.month}月")
    return text
