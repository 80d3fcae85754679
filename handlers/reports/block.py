"""One `进度` block of a chat report as read (handlers.reports.grammar reads it): its figures,
texts and declarations, what it could not take, and the notes its message earned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from handlers.reports.fields import LABELS, WHEN_FIELDS


@dataclass
class ReportBlock:
    """One `进度` block as parsed; `errors` are Chinese and quote the value they reject."""

    project_ref: str
    raw: str = ""
    period_investment_yuan: int | None = None
    ytd_investment_yuan: int | None = None
    week_investment_yuan: int | None = None
    """本周完成, added to the last cumulative when no 本年累计 is given (reports.weekly)."""
    progress_text: str | None = None
    problems_text: str | None = None
    plan_text: str | None = None
    started: bool | None = None
    started_on: date | None = None
    stats_entered: bool | None = None
    stats_entered_on: date | None = None
    completed: bool | None = None
    completed_on: date | None = None
    errors: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    notes: dict[str, str | None] = field(default_factory=dict)
    """A remark bracketed after a figure (`1200万元（含设备款）`), by field."""
    bare: dict[str, str] = field(default_factory=dict)
    """A figure typed as a number alone (read in 万), by field: `3.85` for 3.85亿 is a slip."""
    questions: list[str] = field(default_factory=list)
    """Lines under a text asking someone something (`请问红灯要写检讨吗？`): no part of it."""
    restated: list[str] = field(default_factory=list)
    """The plan or total restated after the figures (`总投资17.09亿元`): no part of it."""
    left_empty: list[str] = field(default_factory=list)
    """Fields whose key is there with nothing after it (`本月完成：`, as `/模板` gives it)."""
    apart: list[str] = field(default_factory=list)
    """A figure given for two years (`去年累计`, `今年累计`): the two reports to send instead."""
    past_week: str | None = None
    """Words after the name saying the report is last week's (`物流园 补报上周`), as typed."""
    forwarded: str | None = None
    """Whose message it forwards, kept when a waiting report is read again (kept_notes)."""

    @property
    def figure_notes(self) -> str | None:
        """The figures' remarks as stored with the report (`本月完成：含设备款`)."""
        lines = [f"{LABELS[name]}：{note}" for name, note in self.notes.items() if note]
        return "\n".join(lines) or None

    years: list[int] = field(default_factory=list)
    """Years the block names (`年度：2026`, `2026年累计完成`); none means today's."""
    month: tuple[int | None, int] | None = None
    """A month the block names (`月份：2026年12月`): (year if given, month)."""

    @property
    def has_fields(self) -> bool:
        """Whether any recognised field was filled in (a 存在问题 of 无 counts)."""
        return bool(set(self.given) - set(WHEN_FIELDS))
