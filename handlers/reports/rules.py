"""Who may report for a project, and when a 存在问题 opens a new issue."""

from __future__ import annotations

import re
from typing import NamedTuple

from domain.problem_items import normalize, open_one, split_problems
from handlers.context import Context
from storage.models import Project, Unit
from storage.repos import leaves, projects

_PARTS = re.compile(r"[；;]")  # problems listed in one 存在问题


async def may_report(ctx: Context, project: Project) -> str | None:
    """None when the sender may report for `project`, else the reason in Chinese."""
    person = ctx.sender
    if person is None:
        return "您还没有登记，不能填报"
    if person.is_admin or person.is_leader:
        return None
    # The unit check needs no query, so it goes before the owner lookup (same verdict).
    if person.unit_id is not None and person.unit_id == project.unit_id:
        return None
    if await projects.is_owner(ctx.session, project.id, person.id):
        return None
    if await leaves.stands_in(ctx.session, project.id, person.id, ctx.today):
        return None
    unit = await ctx.session.get(Unit, project.unit_id)
    unit_name = unit.name if unit else "责任单位"
    return (
        f"您不是“{project.name}”的责任人，也不属于其责任单位“{unit_name}”，不能填报。"
        "如需代报，请责任人发送“/请假 起止日期 代报人”指定您"
    )


class Problem(NamedTuple):
    """One problem a 存在问题 lists, and the number of the open issue it is (None: new)."""

    text: str
    known: int | None
    alike: bool = False  # the open issue says it in other words


def sort_problems(text: str, open_issues: list[tuple[int, str]]) -> list[Problem]:
    """Each problem `text` lists (`1.…；2.…`), in order, as new or as the project's open issue
    it is: the same text, or the same problem in other words (`施工用电容量仍不足`)."""
    whole = open_one(text, open_issues, alike=False)
    if whole is not None:  # `/模板`'s list of what is open, sent back as it was
        return [Problem(text.strip(), whole)]
    items = split_problems(text)
    if len(items) == 1:
        # `/模板`'s list with a short remark added: the parts not open, as one problem
        parts = [part.strip() for part in _PARTS.split(text) if normalize(part)]
        known = [Problem(part, open_one(part, open_issues, alike=False)) for part in parts]
        fresh = [part.text for part in known if part.known is None]
        if len(fresh) < len(parts):
            kept = [part for part in known if part.known is not None]
            return kept + ([Problem("；".join(fresh), None)] if fresh else [])
    return [_sorted(item, open_issues) for item in items]


def _sorted(item: str, open_issues: list[tuple[int, str]]) -> Problem:
    same = open_one(item, open_issues, alike=False)
    if same is not None:
        return Problem(item, same)
    return Problem(item, open_one(item, open_issues, alike=True), alike=True)


_OFFICE_FIXES = (
    "请联系专班办公室撤回那次填报后重报",
    "请联系专班办公室更正",
)


def for_office(problem: str, project: str) -> str:
    """A refusal as the office reads it: it is the 专班办公室 the owner is sent to, and takes
    reports back itself, the project's latest each time (`/撤回 <项目>`)."""
    for fix in _OFFICE_FIXES:
        problem = problem.replace(fix, f"可用“/撤回 {project}”从最近一次起逐次撤回至那次填报后重报")
    return problem
