"""The three-colour rules of SPEC §5 other than reporting and 入统, one function per rule.

Each rule returns the reasons it found (empty when it has nothing to say), so a light can be
red for several reasons at once and every one of them reaches the owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from domain import light_text as txt
from domain.clock import SHANGHAI
from domain.display import day
from domain.light_types import Color, LightThresholds, ProjectFacts, Reason, Rule
from domain.periods import month_end, previous_months
from domain.plan import schedule_plan_to_date, schedule_ratio
from domain.start_due import STARTED_STATUSES, awaits_start
from domain.stats_due import is_stats_node

NEW_YEAR_MONTH = 1
NEW_YEAR_DAYS = 14
"""The new year's first days: 序时 is not judged, rankings against it are not told as news."""

FINISHED_STATUSES = frozenset({"已竣工", "已投产"})


def judged_from(today: date) -> date | None:
    """In the year's first days, when 序时 starts being judged (a 0% then is no fault, and
    a blue light or a ranking beside it would read as news without it); None after."""
    if today.month == NEW_YEAR_MONTH and today.day <= NEW_YEAR_DAYS:
        return date(today.year, NEW_YEAR_MONTH, NEW_YEAR_DAYS + 1)
    return None


def is_started(started_on: date | None, status: str) -> bool:
    """开工: a start date recorded, or a status past the start (`storage.repos.starts.started`
    in SQL)."""
    return started_on is not None or status in STARTED_STATUSES


def is_finished(completed_on: date | None, status: str) -> bool:
    """竣工 declared, in the ledger's status or by a report: no more weekly reports are owed
    (`storage.repos.unreported.missing` in SQL)."""
    return completed_on is not None or status in FINISHED_STATUSES


def schedule(
    facts: ProjectFacts, today: date, th: LightThresholds, curve: Sequence[int]
) -> list[Reason]:
    """Cumulative done vs 序时: ≥ blue_ratio blue, ≥ yellow_ratio yellow, else red; a 新建
    project not started before its planned start is not judged yet (blue, saying so)."""
    if facts.annual_plan_yuan <= 0 or is_finished(facts.completed_on, facts.status):
        # finished: no more figures are owed, so a plan still counting up can only turn red
        return []
    if today.month == NEW_YEAR_MONTH and (
        facts.ytd_done_yuan is None or today.day <= NEW_YEAR_DAYS
    ):
        # The new year's first figures come in January's weekly reports (a project that sends
        # none is what the reporting rule is for); in its first two weeks, a winter's honest
        # 0 against a few days of plan is not "behind" either, or it would be red for
        # reporting where silence stays blue.
        return []
    planned = awaits_start(facts, today)
    if planned is not None:
        text = f"{facts.category}项目计划 {day(planned, today)} 开工，开工前不考核序时进度"
        # the start rule's: a reply showing the 序时 figures leaves out 序时's own reason
        return [Reason(Color.BLUE, Rule.START, text)]
    as_of = min(facts.ytd_as_of or today, today)
    plan = schedule_plan_to_date(facts.annual_plan_yuan, facts.monthly_plan, curve, as_of)
    done = facts.ytd_done_yuan or 0
    if as_of == today:
        head, same = "", ""
    else:
        head, same = f"截至{day(as_of, today)}", "同期"
        sent = facts.last_report_at.astimezone(SHANGHAI).date() if facts.last_report_at else None
        if sent is not None and sent < as_of:  # not a figure sent that day: the last one known
            head += f"（最近填报{day(sent, today)}）"
    found = schedule_reason(done, plan, th, head, same)
    return [found] if found else []


def schedule_reason(
    done: int, plan: int, th: LightThresholds, head: str = "", same: str = ""
) -> Reason | None:
    """The 序时 reason of `done` against `plan` (None: nothing due yet), its colour by the
    thresholds; `head` says as of when (`截至11月末`), `same` qualifies the plan (`同期`)."""
    ratio = schedule_ratio(done, plan)
    if ratio is None:
        return None
    if ratio >= th.blue_ratio:
        color = Color.BLUE
    elif ratio >= th.yellow_ratio:
        color = Color.YELLOW
    else:
        color = Color.RED
    share = txt.percent(done, plan)
    text = f"{head}累计完成 {txt.amount(done)}，为{same}序时进度 {txt.amount(plan)} 的 {share}"
    return Reason(color, Rule.SCHEDULE, text)


def review(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    """Below 序时 at each of the last `consecutive_months` month ends → red, 作检讨 (a month
    end before a 新建 project's planned start, not started by then, owed nothing)."""
    if is_finished(facts.completed_on, facts.status):  # as `schedule`: 序时 no longer judges
        return []
    months = _months_before(today, th.consecutive_months)
    known = facts.month_end_ratios
    ratios: list[float] = []
    for month in months:  # most projects leave at the first month end: no generator per call
        ratio = known.get(month)
        if ratio is None or ratio >= th.blue_ratio or awaits_start(facts, month_end(*month)):
            return []
        ratios.append(ratio)
    ends = [(month, r) for (_, month), r in zip(months, ratios, strict=True)]
    return [review_reason(list(reversed(ends)), th)]


def review_reason(ends: Sequence[tuple[int, float]], th: LightThresholds) -> Reason:
    """The 作检讨 reason of the month ends (month, ratio) below 序时, oldest first."""
    shown = "、".join(f"{month}月末 {txt.ratio_percent(r)}" for month, r in ends)
    text = f"连续{th.consecutive_months}个月未达序时进度（{shown}）{REVIEW_NOTE}"
    return Reason(Color.RED, Rule.REVIEW, text)


REVIEW_NOTE = "，需作检讨"
"""How the 作检讨 reason ends: said to the leaders and the office, left out for everyone else."""


@lru_cache(maxsize=64)
def _months_before(today: date, n: int) -> tuple[tuple[int, int], ...]:
    # The same for every project of a run; a tuple, so no caller can change the cached answer.
    return tuple(previous_months(today, n))


def milestones(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    """An open 节点 overdue → red; due within `milestone_warn_days` → yellow."""
    found = []
    for name, due, done_on in facts.milestones:
        if due is None or done_on is not None or _is_the_completion(name, due, facts):
            continue
        if is_stats_node(name) and (facts.started_on or facts.stats_entered_on) is not None:
            continue  # the 入统 rule's to say (`domain.stats_rule`), or done once 入统
        found.extend(node_reason(name, due, today, th))
    return found


def node_reason(name: str, due: date, today: date, th: LightThresholds) -> list[Reason]:
    """The reason an open 节点 due on `due` gives today (none while it is far off)."""
    left = (due - today).days
    head = f"节点“{name}”计划 {day(due, today)} 完成"
    if left < 0:
        return [Reason(Color.RED, Rule.MILESTONE, f"{head}，已逾期 {-left} 天")]
    if left <= th.milestone_warn_days:
        tail = "今天到期" if left == 0 else f"还剩 {left} 天"
        return [Reason(Color.YELLOW, Rule.MILESTONE, f"{head}，{tail}")]
    return []


COMPLETION_NODES = frozenset({"竣工", "竣工投产", "竣工验收", "完工", "投产"})
"""节点 names that are the project's 竣工 itself."""


def is_completion_node(name: str) -> bool:
    """Whether a 节点 is the project's 竣工 itself (`竣工`, `竣工投产` …), done once the
    project is."""
    return name.strip() in COMPLETION_NODES


def _is_the_completion(name: str, due: date, facts: ProjectFacts) -> bool:
    """A 节点 that is the project's 竣工 itself, which the 竣工 rule judges (the same reason
    twice, or red on a 竣工 already declared)."""
    if not is_completion_node(name):
        return False
    return due == facts.planned_completion or is_finished(facts.completed_on, facts.status)


def start(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    """新建 not started by its planned start → red (yellow before); 续建 planned for the year
    and not resumed → red."""
    if facts.category == "新建":
        return _new_start(facts, today, th)
    if facts.category == "续建":
        return _resume(facts, today, th)
    return []


def _new_start(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    planned = facts.planned_start
    if planned is None or is_started(facts.started_on, facts.status):
        return []
    left = (planned - today).days
    head = f"新建项目计划 {day(planned, today)} 开工"
    if left < 0:
        return [Reason(Color.RED, Rule.START, f"{head}，至今未开工")]
    if left <= th.start_warn_days:
        tail = "就是今天" if left == 0 else f"还剩 {left} 天"
        return [Reason(Color.YELLOW, Rule.START, f"{head}，{tail}，尚未开工")]
    return []


def _resume(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    if not facts.has_plan:
        # not in the year's 开复工 (finished, or its plan not loaded yet): nothing to resume
        return []
    line = date(today.year, *th.resume_deadline)
    resumed = (
        (facts.ytd_done_yuan or 0) > 0
        or facts.status in FINISHED_STATUSES
        or any(d is not None and d.year == today.year for d in (facts.resumed_on, facts.started_on))
    )
    if resumed or today <= line:
        return []
    text = f"续建项目应于 {day(line, today)} 前复工，至今未复工（本年未报完成投资）"
    return [Reason(Color.RED, Rule.START, text)]


def completion(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    """Planned 竣工 passed and not declared → red; within `completion_warn_days` → yellow."""
    planned = facts.planned_completion
    if planned is None or is_finished(facts.completed_on, facts.status):
        return []
    left = (planned - today).days
    head = f"计划 {day(planned, today)} 竣工"
    if left < 0:
        return [Reason(Color.RED, Rule.COMPLETION, f"{head}，已逾期 {-left} 天仍未竣工")]
    if left <= th.completion_warn_days:
        tail = "就是今天" if left == 0 else f"还剩 {left} 天"
        return [Reason(Color.YELLOW, Rule.COMPLETION, f"{head}，{tail}，请倒排工期")]
    return []


def issues(facts: ProjectFacts, today: date) -> list[Reason]:
    """An open 问题 past its deadline → red."""
    found = []
    for number, deadline in facts.open_issue_deadlines:
        if deadline is not None and deadline < today:
            late = (today - deadline).days
            text = f"问题 #{number} 已超期未销号（期限 {day(deadline, today)}，逾期 {late} 天）"
            found.append(Reason(Color.RED, Rule.ISSUE, text))
    return found
