"""Who may report for a project, and when a 存在问题 opens a new issue."""

from __future__ import annotations

import re
import unicodedata

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


def problems_to_open(text: str, open_texts: list[str]) -> bool:
    """A problem opens an issue unless the same text is already open for the project, or each
    of its `；`-parted problems is (the open ones, as `/模板` lists them)."""
    return bool(new_problems(text, open_texts))


def new_problems(text: str, open_texts: list[str]) -> str:
    """What of `text` is not open already: all of it as typed when none of its `；`-parted
    problems is open; else those that are not, joined (empty when none is new)."""
    known = {_normalize(other) for other in open_texts}
    if _normalize(text) in known:
        return ""
    parts = [part.strip() for part in _PARTS.split(text) if _normalize(part)]
    fresh = [part for part in parts if _normalize(part) not in known]
    return text.strip() if len(fresh) == len(parts) else "；".join(fresh)


def same_text(one: str, other: str) -> bool:
    """Whether two problem texts say the same (spaces, punctuation and width aside)."""
    return _normalize(one) == _normalize(other)


def _normalize(text: str) -> str:
    """The text's words alone: `受限,部分` and `受限，部分` (or `受限 部分`, a final `。`) are
    one problem typed on two keyboards. Full-width forms become ASCII (NFKC); every
    punctuation mark and space goes, but a decimal point (`1.5亿` is not `15亿`) and `%`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = [
        char
        for i, char in enumerate(text)
        if not (char.isspace() or _is_mark(char)) or char == "%" or _decimal(text, i)
    ]
    return "".join(kept)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _decimal(text: str, i: int) -> bool:
    """A `.` between two digits."""
    between = text[i - 1 : i + 2] if 0 < i < len(text) - 1 else ""
    return text[i] == "." and len(between) == 3 and between[0].isdigit() and between[2].isdigit()


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
