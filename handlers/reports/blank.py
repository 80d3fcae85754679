"""A `/模板` sent back with nothing filled in: no report, and what to fill in.

An owner in a hurry sends the template `/模板` gave them straight back (`本月完成：`,
`本年累计完成：`, `形象进度：` all empty, `存在问题：无`). Stored, it was a report of nothing
that counted the project as reported for the week: off the 未报 list, never nudged. A block
with only its 形象进度 filled is a report (a text-only one), and so is one that says only
`存在问题：无` with no empty lines under it (a one-line correction of this week's report).
"""

from __future__ import annotations

from handlers.reports.grammar import ReportBlock

ASKED = ("period", "ytd", "progress")
"""The template's lines of which at least one makes a report."""

BLANK_TEMPLATE = (
    "发回的模板是空的：请至少填上“本年累计完成”或“本月完成”（如“本年累计完成：3.5亿”），"
    "或写上“形象进度”，再发送"
)
"""Why an empty template was not recorded, and what to fill in."""


def unfilled(block: ReportBlock) -> str | None:
    """Why `block` reports nothing, when it does not: no field filled in, or a template sent
    back empty."""
    if not block.has_fields:
        return (
            "没有识别到任何填报内容：请在下面逐行写“本年累计完成：3.5亿”等，"
            f"或发送“/模板 {block.project_ref}”获取预填模板"
        )
    return BLANK_TEMPLATE if is_blank(block) else None


def is_blank(block: ReportBlock) -> bool:
    """Whether `block` is a template sent back empty: one of its figure or 形象进度 lines is
    there with nothing after it, and nothing at all is filled in."""
    if not set(block.left_empty) & set(ASKED):
        return False
    said = (
        block.period_investment_yuan,
        block.ytd_investment_yuan,
        block.week_investment_yuan,
        block.progress_text,
        block.problems_text,  # None for 无, as the template has it
        block.plan_text,
        block.started,
        block.stats_entered,
        block.completed,
    )
    return all(value is None for value in said)
