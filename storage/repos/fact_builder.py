"""Each project's `ProjectFacts` from the loaded rows, for one evaluation day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.clock import SHANGHAI
from domain.light_types import LightRules, ProjectFacts
from domain.periods import previous_months
from domain.plan import figure_day, month_end_plan, schedule_plan_to_date, schedule_ratio
from storage.repos.light_facts import Facts, MonthFigures, ProjectRow, Stamp


class FactBuilder:
    """Builds each project's facts for one evaluation day (what is the same for all, once)."""

    def __init__(self, today: date, rules: LightRules) -> None:
        self.today = today
        self.curve = rules.curve
        # The month ends the 作检讨 rule looks at, this year's only.
        months = previous_months(today, rules.thresholds.consecutive_months)
        self.month_ends = [(y, m, date(y, m, 1)) for y, m in months if y == today.year]
        self._plans: dict[tuple[int, tuple[int, ...] | None], list[int]] = {}

    def build(self, row: ProjectRow, facts: Facts) -> tuple[ProjectFacts, int, float | None]:
        """One project's facts for `domain.lights.evaluate`, its 序时 plan and done / 序时."""
        pid, annual, monthly = row.id, row.annual_plan_yuan, row.monthly_plan_yuan
        months = facts.ytd.get(pid, {})
        month, done, received = _latest(months, self.today.month)
        as_of = None
        if received is not None:
            sent = stamp(received).astimezone(SHANGHAI).date()
            as_of = figure_day(sent, month, self.today)
        last_report = facts.last_report.get(pid)
        plan = schedule_plan_to_date(annual, monthly, self.curve, as_of or self.today)
        found = ProjectFacts(
            code=row.code,
            category=row.category,
            status=row.status,
            entered_ledger_on=row.entered_ledger_on,
            annual_plan_yuan=annual,
            has_plan=row.has_plan,
            monthly_plan=monthly,
            ytd_done_yuan=done,
            ytd_as_of=as_of,
            planned_start=row.planned_start,
            started_on=row.started_on,
            resumed_on=row.resumed_on,
            stats_entered_on=row.stats_entered_on,
            planned_completion=row.planned_completion,
            completed_on=row.completed_on,
            milestones=facts.milestones.get(pid, ()),
            open_issue_deadlines=facts.issues.get(pid, ()),
            last_report_at=stamp(last_report) if last_report is not None else None,
            excused_periods=facts.excused.get(pid, frozenset()),
            month_end_ratios=self._month_end_ratios(row, months),
        )
        return found, plan, schedule_ratio(done or 0, plan)

    def _month_end_ratios(
        self, row: ProjectRow, months: MonthFigures
    ) -> dict[tuple[int, int], float | None]:
        """done / 序时 at the month ends the 作检讨 rule looks at."""
        if not self.month_ends:
            return {}
        annual, monthly = row.annual_plan_yuan, row.monthly_plan_yuan
        # Ledgers repeat round annual plans; the month-end figures are worked out once each.
        key = (annual, tuple(monthly) if monthly else None)
        ends = self._plans.get(key)
        if ends is None:
            ends = [month_end_plan(annual, monthly, self.curve, m) for _, m, _ in self.month_ends]
            self._plans[key] = ends
        return {
            (y, m): schedule_ratio(_latest(months, m)[1] or 0, plan)
            for (y, m, first), plan in zip(self.month_ends, ends, strict=True)
            if row.entered_ledger_on <= first
        }


def stamp(raw: Stamp) -> datetime:
    """A Stamp column read raw as an aware datetime (parsing only the values a rule uses)."""
    if isinstance(raw, datetime):
        return raw
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


def _latest(months: MonthFigures, month: int) -> tuple[int, int | None, Stamp | None]:
    """The cumulative figure as of the end of `month` (latest month reported up to it): that
    month, the figure and when it was received."""
    found = months.get(month)  # most often the month itself was reported
    if found is not None:
        return (month, *found)
    known = [m for m in months if m <= month]
    return (max(known), *months[max(known)]) if known else (month, None, None)
