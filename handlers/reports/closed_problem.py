"""A 存在问题 whose issue was closed (`/销号`) is no longer the project's problem.

A correction takes over the texts of the report it replaces that it leaves out
(handlers.reports.carry); the 存在问题 of one whose issue has since been closed was shown again
as current (`存在问题：临时用地手续还没办下来`, no number, nothing saying #18 was closed) while
`/模板` said `存在问题：无`. It is taken over as 无, as `/模板` shows it; when only some of the
issues it raised were closed, as the open ones' texts (the closed one was shown labelled with
the open one's number).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repos import issues
from storage.repos.reports import Figure

NONE = "无"


def _raised_any(earlier: Figure | None) -> bool:
    """Whether the report a correction replaces said a problem (one saying 无 raised none)."""
    return earlier is not None and bool(earlier.problems_text) and earlier.problems_text != NONE


async def unclosed(session: AsyncSession, earlier: Figure | None) -> Figure | None:
    """`earlier` (the report a correction replaces) with its 存在问题 as the texts of the issues
    it raised still open (joined by `；`), or 无 when all are closed, once any has been closed
    since; else as it is."""
    if earlier is None or not _raised_any(earlier):
        return earlier
    raised = await issues.raised_by(session, earlier.id)
    if not any(issue.state == issues.CLOSED for issue in raised):
        return earlier
    still_open = [issue.text for issue in raised if issue.state in issues.OPEN_STATES]
    return earlier._replace(problems_text="；".join(still_open) or NONE)


async def closed_issue(session: AsyncSession, earlier: Figure | None) -> int | None:
    """The number of an issue the replaced report raised that has been closed, when none it
    raised is still open (the reply says why its 存在问题 is 无)."""
    if earlier is None or not _raised_any(earlier):
        return None  # most corrections: no query on the report path
    raised = await issues.raised_by(session, earlier.id)
    if any(issue.state in issues.OPEN_STATES for issue in raised):
        return None
    return next((issue.number for issue in raised if issue.state == issues.CLOSED), None)
