"""`export_ledger`: the ledger written back in the format `import_ledger` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.db import Database
from storage.ledger.names import MILESTONE_COLUMNS, PEOPLE_COLUMNS, PROJECT_COLUMNS
from storage.ledger.writer import Table, Wan, write_tables
from storage.models import Milestone, Person, Project, ProjectLeader, ProjectOwner, ProjectPlan
from storage.repos import ledger_repo
from storage.repos.plans import latest_plans_before, plans_for

# The columns import reads, amounts labelled in 万元 the way SPEC §7 writes the header.
PROJECT_HEADER = [
    f"{column}（万元）" if column in ("总投资", "年度计划投资") else column
    for column in PROJECT_COLUMNS
]
PLAN_COLUMN = PROJECT_HEADER.index("年度计划投资（万元）")


def project_header(year: int) -> list[str]:
    """The project sheet's header, its plan column naming the plan year (import reads it)."""
    header = list(PROJECT_HEADER)
    header[PLAN_COLUMN] = f"{year}年计划投资（万元）"
    return header


ROLE_NAMES = (("is_owner", "责任人"), ("is_leader", "包联领导"), ("is_admin", "管理员"))
PLATFORMS = ("wecom", "dingtalk", "feishu")
People = list[tuple[str, str]]


async def export_ledger(db: Database, path: Path, *, year: int) -> int:
    """Write every active project with its `year` plan (and, in .xlsx, the 人员 and 节点
    sheets); the project count."""
    path = Path(path)
    async with db.read() as session:
        projects = await ledger_repo.active_projects(session)
        plans = await plans_for(session, year, (p.id for p, _ in projects))
        unplanned = [p.id for p, _ in projects if p.id not in plans]
        earlier = await latest_plans_before(session, year, unplanned)
        owners = await ledger_repo.linked_people(session, ProjectOwner)
        leaders = await ledger_repo.linked_people(session, ProjectLeader)
        people = await ledger_repo.active_people(session)
        accounts = await ledger_repo.accounts_by_person(session)
        milestones = await ledger_repo.active_milestones(session)
    project_rows = [
        _project_row(p, plans.get(p.id) or earlier.get(p.id), year, unit, owners, leaders)
        for p, unit in projects
    ]
    tables = [
        Table("项目", project_header(year), project_rows, widths={0: 16, 1: 36, 3: 16}),
        Table(
            "人员",
            list(PEOPLE_COLUMNS),
            [_person_row(p, unit, accounts.get(p.id, {})) for p, unit in people],
            widths={1: 14, 2: 16},
        ),
        Table(
            "节点",
            list(MILESTONE_COLUMNS),
            [_milestone_row(code, m) for code, m in milestones],
            widths={0: 16, 1: 14, 2: 14, 3: 14},
        ),
    ]
    write_tables(path, tables)
    return len(projects)


def _project_row(
    project: Project,
    plan: ProjectPlan | None,
    year: int,
    unit: str,
    owners: dict[int, People],
    leaders: dict[int, People],
) -> list[Any]:
    """The project's row with its `year` plan. A year not planned yet (next year's sheet, in
    December) carries the latest earlier plan's level, 重点类别 and dates, for the clerk to
    fill in the amounts beside: a blank there read back as 一般 with no dates, and an
    import of the sheet with only the amounts filled in downgraded the project."""
    # a year the project has no plan for reads back as not planned, not as a plan of 0
    planned = plan is not None and plan.year == year
    plan = plan or ProjectPlan(annual_plan_yuan=0, level="一般", key_tags="")
    monthly = (plan.monthly_plan_yuan if planned else None) or [None] * 12
    project_owners, project_leaders = owners.get(project.id, []), leaders.get(project.id, [])
    return [
        project.code,
        project.name,
        project.aliases,
        unit,
        project.locality,
        project.category,
        project.industry,
        plan.level,
        plan.key_tags or "",
        Wan(project.total_investment_yuan),
        Wan(plan.annual_plan_yuan) if planned else None,
        *(None if value is None else Wan(value) for value in monthly),
        plan.planned_start,
        plan.planned_completion,
        project.status,
        project.started_on,
        project.stats_entered_on,
        "、".join(name for name, _ in project_owners),
        "、".join(mobile for _, mobile in project_owners),
        "、".join(name for name, _ in project_leaders),
        "、".join(mobile for _, mobile in project_leaders),
    ]


def _person_row(person: Person, unit: str | None, accounts: dict[str, str]) -> list[Any]:
    roles = "、".join(label for flag, label in ROLE_NAMES if getattr(person, flag))
    return [
        person.name,
        person.mobile,
        unit or "",
        roles,
        *(accounts.get(platform, "") for platform in PLATFORMS),
    ]


def _milestone_row(code: str, milestone: Milestone) -> list[Any]:
    return [code, milestone.name, milestone.due_on, milestone.done_on]
