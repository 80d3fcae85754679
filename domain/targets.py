"""The office's quarterly lines (SPEC §9): which is due now, which comes next, what is short.

A line is a cumulative percentage at a quarter end (一季度 18%, 上半年 50% …). "Due now" is the
latest line whose quarter has ended (the target that should already be met); "next" the first
one still ahead. Counts are rounded up: 40% of 5 新建 projects is 2 started, not 1.6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

QUARTER_NAMES = ("一季度", "上半年", "前三季度", "全年")
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


@dataclass(frozen=True)
class QuarterLine:
    """One target: a cumulative percentage due at a quarter end."""

    quarter: int
    """1–4."""
    end: date
    percent: int

    @property
    def name(self) -> str:
        """一季度 / 上半年 / 前三季度 / 全年."""
        return QUARTER_NAMES[self.quarter - 1]

    @property
    def end_name(self) -> str:
        """一季度末 / 上半年末 / 前三季度末 / 年末 (not 全年末, which nobody says)."""
        return "年末" if self.quarter == 4 else f"{self.name}末"

    def count(self, total: int) -> int:
        """How many of `total` the line asks for (rounded up)."""
        return -(-total * self.percent // 100)

    def amount(self, total_yuan: int) -> int:
        """The line's share of an amount in yuan (halves rounded up)."""
        return (total_yuan * self.percent * 2 + 100) // 200


def quarter_lines(year: int, percents: Sequence[int]) -> list[QuarterLine]:
    """The four lines of `year`."""
    return [QuarterLine(q, date(year, *QUARTER_ENDS[q - 1]), percents[q - 1]) for q in range(1, 5)]


def due_and_next(
    today: date, percents: Sequence[int], year: int | None = None
) -> tuple[QuarterLine | None, QuarterLine | None]:
    """(the latest line whose quarter has ended, the first line still ahead) on `today`.

    The lines are those of `year` (default today's): a look back at December from the first
    days of January judges the year that ended, whose 全年 line is then due.
    """
    lines = quarter_lines(today.year if year is None else year, percents)
    due = [line for line in lines if line.end < today]
    ahead = [line for line in lines if line.end >= today]
    return (due[-1] if due else None), (ahead[0] if ahead else None)


@dataclass(frozen=True)
class Standing:
    """Where a count or an amount stands against a line."""

    line: QuarterLine
    wanted: int
    have: int

    @property
    def short(self) -> int:
        """How much is missing (0 when the line is met)."""
        return max(0, self.wanted - self.have)

    @property
    def met(self) -> bool:
        """The line is reached."""
        return self.have >= self.wanted


def count_against(line: QuarterLine | None, have: int, total: int) -> Standing | None:
    """`have` of `total` against `line` (None without a line)."""
    return None if line is None else Standing(line, line.count(total), have)


def amount_against(line: QuarterLine | None, have: int, total_yuan: int) -> Standing | None:
    """`have` yuan of `total_yuan` against `line` (None without a line)."""
    return None if line is None else Standing(line, line.amount(total_yuan), have)


def share(part: int, whole: int) -> float | None:
    """part / whole (None when whole is 0)."""
    return part / whole if whole else None


def investment_against(
    today: date, percents: Sequence[int], annual_yuan: int, done_yuan: int, year: int | None = None
) -> tuple[Standing | None, Standing | None]:
    """Cumulative done against the quarterly investment line due now and the next one (of
    `year`, default today's)."""
    due, ahead = due_and_next(today, percents, year)
    return amount_against(due, done_yuan, annual_yuan), amount_against(
        ahead, done_yuan, annual_yuan
    )
