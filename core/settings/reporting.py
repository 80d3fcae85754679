"""The [reports] and [issues] sections: what a report is held for, who reports, pressing issues."""

from __future__ import annotations

from pydantic import Field

from core.settings.sections import Section


class ReportSettings(Section):
    unexplained_share: float = Field(default=0.1, ge=0)
    """A 本年累计 rising since the last report by more than 本月完成 plus this share of the
    annual plan is held until the owner replies 确认."""
    period_rise_share: float = Field(default=0.3, ge=0)
    """Without 本月完成: a 本年累计 rising by more than this share of the annual plan in one
    period is held until the owner replies 确认."""
    not_reporting_categories: list[str] = Field(default=["储备"])
    """Project categories with no weekly reporting duty: never 未报, nudged or counted missing."""


class IssueSettings(Section):
    supervise_interval_workdays: int = Field(default=1, ge=0)
    """Working days after a 督办 before the same issue may be pressed again (0: any time)."""
