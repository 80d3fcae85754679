"""Issues (问题) and their history; numbers come from a locked counter."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Counter, Issue, IssueEvent, Person, Project, ProjectOwner
from storage.repos.outdated_lights import outdate
from storage.repos.scope import read

OPEN_STATES = ("发现", "已交办", "督办中")
NEW = "发现"
CLOSED = "已销号"
RETRACTED = "已撤回"  # the report that raised it was taken back or corrected before anyone acted
# history entries (`IssueEvent.action`) more than one place writes or looks for
PROGRESS = "进展"
REFUSED = "驳回销号"
REOPENED = "重新打开"
CLOSED_EVENT = "销号"
CATEGORY_WORDS = {
    "用地": ("用地", "土地", "征地", "拆迁", "腾退", "规划"),
    "资金": ("资金", "融资", "贷款", "拨付", "专项债", "钱"),
    "环评": ("环评", "环保", "排污"),
    "林地": ("林地", "林草", "占林"),
    "手续": ("手续", "审批", "许可", "备案", "核准", "立项", "批复", "验收"),
    "要素": ("电", "水", "气", "暖", "能耗", "用能", "管网", "道路"),
}


def is_overdue(issue: Issue, today: date) -> bool:
    """Open with its deadline before today (due today is not late yet); `overdue_where` in SQL."""
    return issue.deadline is not None and issue.deadline < today and issue.state in OPEN_STATES


def overdue_where(today: date) -> ColumnElement[bool]:
    """`is_overdue` as a condition on issue rows (a NULL deadline is never before today)."""
    return and_(Issue.state.in_(OPEN_STATES), Issue.deadline < today)


def guess_category(text: str) -> str:
    """The issue category whose keywords the text mentions first (其他 if none)."""
    for category, words in CATEGORY_WORDS.items():
        if any(word in text for word in words):
            return category
    return "其他"


async def next_number(session: AsyncSession) -> int:
    """The next issue number, under a row lock so concurrent writers never share one."""
    statement = select(Counter).where(Counter.name == "issue").with_for_update()
    counter = (await session.execute(statement)).scalar_one_or_none()
    if counter is None:
        counter = Counter(name="issue", value=0)
        session.add(counter)
    counter.value += 1
    await session.flush()
    return counter.value


async def open_issue(
    session: AsyncSession,
    *,
    project_id: int,
    text: str,
    raised_by_id: int | None,
    at: datetime,
    report_id: int | None = None,
) -> Issue:
    """Record a newly found issue (state 发现) with its first history entry."""
    issue = Issue(
        number=await next_number(session),
        project_id=project_id,
        text=text,
        category=guess_category(text),
        raised_by_id=raised_by_id,
        state="发现",
        created_at=at,
        report_id=report_id,
        escalation_level=0,
    )
    session.add(issue)
    await session.flush()
    record(session, issue, actor_id=raised_by_id, action="发现", to_state="发现", note=text, at=at)
    return issue


def record(
    session: AsyncSession,
    issue: Issue,
    *,
    actor_id: int | None,
    action: str,
    at: datetime,
    to_state: str | None = None,
    note: str | None = None,
) -> None:
    """Append one history entry, moving the issue to `to_state` if given."""
    event = IssueEvent(
        issue_id=issue.id,
        at=at,
        actor_id=actor_id,
        action=action,
        from_state=issue.state,
        to_state=to_state or issue.state,
        note=note,
    )
    session.add(event)
    if to_state:
        issue.state = to_state
    outdate(session, at, issue.project_id)


async def by_number(session: AsyncSession, number: int, *, lock: bool = False) -> Issue | None:
    """The issue with this number; `lock` holds its row until commit (it is about to change)."""
    statement = select(Issue).where(Issue.number == number)
    if lock:
        # Read afresh once the lock is ours: the row may have changed while we waited.
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return (await session.execute(statement)).scalar_one_or_none()


async def open_for_project(session: AsyncSession, project_id: int) -> list[Issue]:
    """The project's issues that are not closed, by number."""
    statement = (
        select(Issue)
        .where(Issue.project_id == project_id, Issue.state.in_(OPEN_STATES))
        .order_by(Issue.number)
    )
    return list((await session.execute(statement)).scalars())


async def open_to_close(session: AsyncSession, person: Person) -> list[tuple[Issue, str]]:
    """The open issues `person` may ask 销号 of (handed to them or their unit, of a project
    they own or of their unit's), by number, each with its project's name."""
    owned = select(ProjectOwner.project_id).where(ProjectOwner.person_id == person.id)
    theirs = or_(Issue.assigned_person_id == person.id, Issue.project_id.in_(owned))
    if person.unit_id is not None:
        unit = person.unit_id
        theirs = or_(theirs, Issue.assigned_unit_id == unit, Project.unit_id == unit)
    statement = (
        select(Issue, Project.name)
        .join(Project, Project.id == Issue.project_id)
        .where(Issue.state.in_(OPEN_STATES), theirs)
        .order_by(Issue.number)
    )
    return [(issue, name) for issue, name in (await session.execute(statement)).all()]


async def of_report(session: AsyncSession, report_id: int) -> list[Issue]:
    """The open issues a report raised (or took over from the version it corrected), locked,
    by number (one a problem: `1.…；2.…` raises several)."""
    # Looked for as a plain row first: most reports raised none, and loading entities costs
    # several times as much as finding there are none.
    if not list(await read(session, _Found._make, _OPEN_OF_REPORT, {"report_id": report_id})):
        return []
    statement = (
        select(Issue)
        .where(Issue.report_id == report_id, Issue.state.in_(OPEN_STATES))
        .order_by(Issue.number)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(statement)).scalars())


class _Found(NamedTuple):
    id: int


_OPEN_OF_REPORT = select(Issue.id).where(
    Issue.report_id == bindparam("report_id"), Issue.state.in_(OPEN_STATES)
)


class Raised(NamedTuple):
    """An issue a report raised (or took over from the version it corrected)."""

    number: int
    state: str
    text: str


async def raised_by(session: AsyncSession, report_id: int) -> list[Raised]:
    """The issues a report raised, in any state, by number."""
    statement = (
        select(Issue.number, Issue.state, Issue.text)
        .where(Issue.report_id == report_id)
        .order_by(Issue.number)
    )
    return [Raised(*row) for row in await session.execute(statement)]


def revise(
    session: AsyncSession,
    issue: Issue,
    *,
    text: str,
    report_id: int,
    actor_id: int | None,
    at: datetime,
) -> None:
    """A corrected report restates the problem: same number, new text, the old one in history."""
    record(session, issue, actor_id=actor_id, action="更正", note=f"原为：{issue.text}", at=at)
    issue.text = text
    issue.category = guess_category(text)
    issue.report_id = report_id


def retract(
    session: AsyncSession, issue: Issue, *, actor_id: int | None, at: datetime, note: str
) -> None:
    """The problem was taken back before anyone acted on it (已撤回, unlike 已销号)."""
    issue.closed_at = at
    issue.resolution = note
    record(session, issue, actor_id=actor_id, action="撤回", to_state=RETRACTED, note=note, at=at)


async def last_event(
    session: AsyncSession, issue_id: int, actions: tuple[str, ...]
) -> IssueEvent | None:
    """The issue's latest history entry of one of `actions`."""
    statement = (
        select(IssueEvent)
        .where(IssueEvent.issue_id == issue_id, IssueEvent.action.in_(actions))
        .order_by(IssueEvent.at.desc(), IssueEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()
