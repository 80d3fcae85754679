"""Where a report block files (the year, month and week it counts for), with that year's annual
plan: a block naming a year the project has no plan for cannot be filed there."""

from __future__ import annotations

from handlers.context import Context
from handlers.reports.grammar import ReportBlock
from handlers.reports.when import Filing, filing_of
from storage.models import Project
from storage.repos.plans import annual_plan


async def filed_with_plan(
    ctx: Context, project: Project, block: ReportBlock
) -> tuple[Filing, int | None] | str:
    """Where the block files, with that year's annual plan; or why it cannot file there."""
    figures = (block.period_investment_yuan, block.ytd_investment_yuan)
    filing = await filing_of(
        ctx.session,
        project.id,
        block.years,
        block.month,
        ctx.today,
        figures,
        week=block.week_investment_yuan,
        office=ctx.person.is_admin,
    )
    if isinstance(filing, str):
        return filing
    annual = await annual_plan(ctx.session, project.id, filing.counted.year)
    if annual is None and (_names_year(block) or filing.counted.year != ctx.today.year):
        return _no_plan(filing.counted.year)
    return filing, annual


def _names_year(block: ReportBlock) -> bool:
    """Whether the block says which year it is for (`年度：2026`, `2026年累计完成`)."""
    return bool(block.years or (block.month and block.month[0]))


def _no_plan(year: int) -> str:
    return (
        f"该项目没有{year}年的年度计划，不能按{year}年填报；"
        f"如需补录{year}年计划，请联系专班办公室导入台账"
    )
