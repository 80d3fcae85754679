"""What the three-colour rules take (facts, thresholds) and give (a light with reasons)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import total_ordering
from typing import NamedTuple

from domain.calendar import WorkCalendar
from domain.periods import DueTime

_RANK = {"blue": 0, "yellow": 1, "red": 2}
_FRIDAY_1700 = DueTime()


@total_ordering
class Color(Enum):
    """A light colour; red > yellow > blue, so `max()` of colours is the worst."""

    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"

    def __init__(self, value: str) -> None:
        self.rank = _RANK[value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Color):
            return NotImplemented
        return self.rank < other.rank

    @property
    def default_label(self) -> str:
        """The documents' name for the colour (红灯/黄灯/蓝灯)."""
        return {"blue": "蓝灯", "yellow": "黄灯", "red": "红灯"}[self.value]


class Rule:
    """Ids of the rules, as stored in light history and compared to find changes."""

    SCHEDULE = "schedule"
    REVIEW = "review"
    MILESTONE = "milestone"
    START = "start"
    STATS = "stats"
    REPORT = "report"
    ISSUE = "issue"
    COMPLETION = "completion"


@dataclass(frozen=True)
class Reason:
    """Why one rule lit a colour, in words the project owner can act on."""

    color: Color
    rule: str
    text: str


@dataclass(frozen=True)
class Light:
    """A project's light: the worst colour of its reasons (blue when there is none)."""

    color: Color
    reasons: list[Reason] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        """Below 序时 for the configured number of month ends in a row (作检讨)."""
        return any(r.rule == Rule.REVIEW for r in self.reasons)

    @property
    def shown(self) -> list[Reason]:
        """The reasons people are told: a red or yellow light only what is wrong (a blue
        reason beside them, `102.8% of 序时`, would read as one more cause); a blue one why
        it is fine."""
        if self.color is Color.BLUE:
            return list(self.reasons)
        return [r for r in self.reasons if r.color is not Color.BLUE]

    @property
    def signature(self) -> frozenset[tuple[str, Color]]:
        """(rule, colour) pairs: equal signatures mean nothing new to warn about."""
        return frozenset((r.rule, r.color) for r in self.reasons if r.color is not Color.BLUE)


@dataclass(frozen=True)
class LightThresholds:
    """Rule thresholds; field names match `[lights]` in config, so settings map one to one."""

    blue_ratio: float = 1.0
    yellow_ratio: float = 0.8
    milestone_warn_days: int = 7
    start_warn_days: int = 15
    resume_deadline: tuple[int, int] = (3, 31)
    stats_grace_months: int = 2
    stats_warn_days: int = 15
    consecutive_months: int = 2
    completion_warn_days: int = 30
    red_label: str = "红灯"
    yellow_label: str = "黄灯"
    blue_label: str = "蓝灯"
    report_due: DueTime = _FRIDAY_1700
    not_reporting: frozenset[str] = frozenset({"储备"})
    """Categories with no weekly reporting duty (储备 is a pipeline list, not a weekly duty)."""

    def label(self, color: Color) -> str:
        """The configured name of `color`."""
        return {Color.RED: self.red_label, Color.YELLOW: self.yellow_label}.get(
            color, self.blue_label
        )


@dataclass(frozen=True)
class LightRules:
    """What judging a light takes besides the facts: thresholds, default plan curve, calendar."""

    thresholds: LightThresholds
    curve: tuple[int, ...]
    calendar: WorkCalendar


class MilestoneFact(NamedTuple):
    """A 节点: name, due date, date done (None while open)."""

    name: str
    due: date | None
    done_on: date | None


class IssueFact(NamedTuple):
    """An open 问题: its number and deadline (None when none was set)."""

    number: int
    deadline: date | None


@dataclass(kw_only=True, slots=True)
class ProjectFacts:
    """Everything the rules look at for one project; the caller reads it from storage.

    `ytd_done_yuan` is the latest year-to-date cumulative of this year (None: nothing reported),
    `ytd_as_of` the day it was reported: 序时 is compared at that day, not today, so a project
    is not judged behind for the days since its last weekly report (the reporting rule covers
    a project that stops reporting).
    `resumed_on` is a 复工 declared this year (for 续建). `last_report_at` is the receipt time of
    the latest report not withdrawn. `month_end_ratios` maps past (year, month) month ends to
    done/序时 from light history (None where nothing was due).
    """

    code: str
    category: str
    status: str = ""
    entered_ledger_on: date
    annual_plan_yuan: int = 0
    has_plan: bool = True
    """Whether the project has a plan for today's year at all: one without is in none of the
    year's targets (开复工 counts only the planned, `storage.repos.starts`)."""
    monthly_plan: Sequence[int] | None = None
    ytd_done_yuan: int | None = None
    ytd_as_of: date | None = None
    planned_start: date | None = None
    started_on: date | None = None
    resumed_on: date | None = None
    stats_entered_on: date | None = None
    planned_completion: date | None = None
    completed_on: date | None = None
    milestones: Sequence[tuple[str, date | None, date | None]] = ()
    open_issue_deadlines: Sequence[tuple[int, date | None]] = ()
    last_report_at: datetime | None = None
    excused_periods: frozenset[str] | set[str] = frozenset()
    month_end_ratios: Mapping[tuple[int, int], float | None] = field(default_factory=dict)
