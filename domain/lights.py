"""三色亮灯 (SPEC §5): a project's light is the worst of its rules, each with a reason.

Which rules apply to which category:

- 序时 (investment vs schedule) and its 作检讨 follow-up: any category with an annual plan > 0,
  so a 前期 project that has money planned this year is judged on it, a 储备 one usually not;
  a 新建 project only from its planned start (or its start, if earlier: `domain.start_due`).
- 节点 milestones and overdue 问题: every category (前期 projects live on their 手续 nodes).
- 开工: 新建 projects against their planned start; 续建 projects with a plan for the year (those
  the year's 开复工 counts) must resume by the end of March (resumed = investment reported this
  year, a 复工/开工 date this year, or finished).
  前期/储备 projects have no start obligation yet.
- 入统: any project with a known start date and no 入统 date; its 入统 节点 is said by this rule
  then, one reason for both (`domain.stats_rule`).
- 竣工: a planned completion date near or passed without 竣工 declared (倒排工期).
- 报送: every category except 储备 (see `domain.reporting_rule`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from domain import light_rules as rules
from domain import stats_rule
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.light_types import (
    Color,
    IssueFact,
    Light,
    LightThresholds,
    MilestoneFact,
    ProjectFacts,
    Reason,
    Rule,
)
from domain.periods import deadline, last_closed_period
from domain.plan import DEFAULT_CURVE
from domain.reporting_rule import reporting

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Color",
    "IssueFact",
    "Light",
    "LightThresholds",
    "MilestoneFact",
    "ProjectFacts",
    "Reason",
    "Rule",
    "evaluate",
    "summarize",
]

DEFAULT_THRESHOLDS = LightThresholds()


def evaluate(
    facts: ProjectFacts,
    now: datetime,
    cal: WorkCalendar,
    thresholds: LightThresholds = DEFAULT_THRESHOLDS,
    curve: Sequence[int] = DEFAULT_CURVE,
) -> Light:
    """The light of one project at `now`: the worst colour of every rule, reasons worst first."""
    today = now.astimezone(SHANGHAI).date()
    if today < facts.entered_ledger_on:  # next year's project, loaded in December
        return Light(Color.BLUE, [])
    found = [
        *rules.schedule(facts, today, thresholds, curve),
        *rules.review(facts, today, thresholds),
        *rules.milestones(facts, today, thresholds),
        *rules.start(facts, today, thresholds),
        *stats_rule.stats(facts, today, thresholds),
        *rules.completion(facts, today, thresholds),
        *reporting(facts, now, cal, thresholds),
        *rules.issues(facts, today),
    ]
    return light_of(found)


def light_of(reasons: list[Reason]) -> Light:
    """The light its reasons make: the worst colour, reasons worst first (sorted in place)."""
    if len(reasons) > 1:
        reasons.sort(key=_rank, reverse=True)
    return Light(reasons[0].color if reasons else Color.BLUE, reasons)


def holds_since(
    now: datetime, cal: WorkCalendar, thresholds: LightThresholds = DEFAULT_THRESHOLDS
) -> datetime:
    """Since when a light judged before `now` on unchanged facts is still the light at `now`.

    Time alone changes a light at two kinds of moment: a new day (the plan to date, milestones
    and deadlines are reckoned in days) and a weekly reporting deadline passing (a week without
    a report becomes 未报送 at 17:00 on Friday, not at midnight). A light judged before the later
    of the two is out of date: the one of Friday 09:00 says nothing of the week just missed.
    """
    local = now.astimezone(SHANGHAI)
    since = datetime.combine(local.date(), time(), SHANGHAI)
    closed = last_closed_period(now, cal, **thresholds.report_due._asdict())
    due = deadline(closed, cal, **thresholds.report_due._asdict()) if closed else None
    return max(since, due) if due is not None else since


def _rank(reason: Reason) -> int:
    return reason.color.rank


def summarize(light: Light, thresholds: LightThresholds = DEFAULT_THRESHOLDS) -> str:
    """One line for lists and cards, e.g. `红灯：问题 #12 已超期未销号；…`."""
    label = thresholds.label(light.color)
    shown = [r.text for r in light.shown]
    return f"{label}：{'；'.join(shown)}" if shown else label
