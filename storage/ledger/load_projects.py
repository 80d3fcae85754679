"""Writing projects, their owners and leaders, and milestones (upsert by 项目代码)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_rules import FINISHED_STATUSES as FINISHED
from domain.money import format_amount
from storage.ledger.change_text import assigned
from storage.ledger.checks import annual_plan
from storage.ledger.counts import Counts
from storage.ledger.load_people import assign
from storage.ledger.load_plans import write_plans
from storage.ledger.parse import Parsed, Progress
from storage.ledger.rows import CANCELLED, MilestoneRow, ProjectRow
from storage.ledger.same_name import named_alike
from storage.models import Milestone, Project, ProjectLeader, ProjectOwner, Unit
from storage.repos import ledger_repo

# A blank cell never clears these: chat reports (开工, 入统) keep them current between imports.
_KEPT_WHEN_BLANK = (
    ("项目类别", "category"),
    ("项目状态", "status"),
    ("开工日期", "started_on"),
    ("入统日期", "stats_entered_on"),
)


def project_values(row: ProjectRow, present: frozenset[str], unit: Unit) -> dict[str, Any]:
    """The project attributes this row sets; columns the sheet lacks are left alone."""
    values: dict[str, Any] = {"name": row.name, "unit_id": unit.id, "active": True}
    optional = {
        "简称": ("aliases", row.aliases),
        "属地": ("locality", row.locality),
        "行业": ("industry", row.industry),
        "总投资": ("total_investment_yuan", row.total_investment or 0),
    }
    values.update(pair for column, pair in optional.items() if column in present)
    for column, attr in _KEPT_WHEN_BLANK:
        if column in present and (value := getattr(row, attr)) is not None:
            values[attr] = value
    values["active"] = values.get("status") != CANCELLED
    return values


def _declared_finished(project: Project, values: dict[str, Any]) -> bool:
    """A project declared finished (竣工, with its date, in a chat report) that the row would
    set back to a status of one under way."""
    status = values.get("status")
    return project.completed_on is not None and status is not None and status not in FINISHED


def _declared_started(project: Project, values: dict[str, Any]) -> bool:
    """A project started (开工, with its date, reported in chat or an earlier sheet) that the
    row, giving no 开工日期, would set back to 前期: an older sheet, most often."""
    return (
        project.started_on is not None
        and values.get("status") == "前期"
        and values.get("started_on") is None
    )


def _kept(project: Project, values: dict[str, Any], ahead: bool, counts: Counts) -> None:
    """Leave out of `values` what the row may not undo or change, and count it: a 竣工 or 开工
    declared in chat, and this year's 项目类别 from next year's sheet (a project 新建 this year
    is 续建 the next; a 新建 started before a year counts as 续建 in it already)."""
    if _declared_finished(project, values):
        del values["status"]
        counts.finished_kept.append(project.name)
    elif _declared_started(project, values):
        del values["status"]
        counts.started_kept.append(project.name)
    if ahead and values.get("category", project.category) != project.category:
        del values["category"]
        counts.category_kept.append(project.name)


async def write_projects(
    session: AsyncSession,
    rows: list[Parsed[ProjectRow]],
    units: dict[str, Unit],
    today: date,
    counts: Counts,
    progress: Progress,
    people: dict[str, int],
    year: int,
) -> dict[str, int]:
    """Upsert every project row (code → id) and its plan for `year`; new projects enter the
    ledger today, or on New Year's Day of a later plan year (a project loaded in December with
    next year's plan is none of this year's: not chased, not in its 月报表)."""
    entered = max(today, date(year, 1, 1))
    ahead = year > today.year
    stored = await ledger_repo.projects_by_code(session, (r.data.code for r in rows))
    new: list[dict[str, Any]] = []
    changes: dict[str, list[str]] = {}
    renamed: list[dict[str, Any]] = []
    unit_names = {unit.id: name for name, unit in units.items()}
    by_code = {parsed.data.code: parsed.data for parsed in rows}
    for parsed in rows:
        row = parsed.data
        values = project_values(row, parsed.present, units[row.unit])
        project = stored.get(row.code)
        before_name = project.name if project is not None else None
        if project is not None:
            _kept(project, values, ahead, counts)
        emptied: list[str] = []
        if project is None:
            new.append(values | {"code": row.code, "entered_ledger_on": entered})
            if values.get("category") is None:
                counts.uncategorised.append(row.name)
            elif values["category"] == "新建" and not {"项目状态", "开工日期"} & parsed.present:
                counts.start_unknown.append(row.name)
        elif changed := assigned(project, values, unit_names, emptied):
            changes[row.code] = changed
            if values.get("name") != before_name:  # renamed: as another project's name?
                renamed.append({"name": project.name, "code": row.code})
        counts.note_emptied(row.code, emptied)
        progress.update(1)
    await session.flush()
    counts.same_name += await named_alike(session, new + renamed)
    ids = {code: project.id for code, project in stored.items()}
    ids |= await ledger_repo.insert_returning(session, Project, new, "code")
    finished = {
        ids[r.data.code]
        for r in rows
        if (stored[r.data.code].status if r.data.code in stored else r.data.status) in FINISHED
    }
    written = await write_plans(session, rows, ids, year, counts, ahead, finished)
    counts.finished_planned += _finished_planned(rows, stored, year, ahead)
    for code, changed in written.items():
        if code in stored:
            changes.setdefault(code, []).extend(changed)
    for column, model in (("责任人", ProjectOwner), ("包联领导", ProjectLeader)):
        linked = await _write_links(session, rows, ids, people, column, model)
        for code in linked & stored.keys():
            changes.setdefault(code, []).append(column)
            if not _mobiles(by_code[code], column):
                counts.note_emptied(code, [column])
    counts.projects_created += len(new)
    counts.created.update((values["code"], values["name"]) for values in new)
    counts.projects_updated += len(changes)
    counts.projects_unchanged += len({r.data.code for r in rows} & stored.keys()) - len(changes)
    counts.project_changes.update(changes)
    counts.project_names.update((r.data.code, r.data.name) for r in rows if r.data.code in changes)
    return ids


def _finished_planned(
    rows: list[Parsed[ProjectRow]], stored: dict[str, Project], year: int, ahead: bool
) -> list[str]:
    """The rows that plan `year` for a project finished before it began (`name（unit，amount）`):
    竣工 declared before New Year's Day, or a finished status when the plan is next year's
    (a status says no date; this year's plan of a project finished this year is no slip)."""
    named = []
    for parsed in rows:
        row, project = parsed.data, stored.get(parsed.data.code)
        plan = annual_plan(row) or 0
        status = project.status if project is not None else row.status
        completed = project.completed_on if project is not None else None
        if completed is not None:
            before = completed < date(year, 1, 1)
        else:
            before = ahead and status in FINISHED
        if plan > 0 and before:
            named.append(f"{row.name}（{row.unit}，{format_amount(plan)}）")
    return named


async def _write_links(
    session: AsyncSession,
    rows: list[Parsed[ProjectRow]],
    projects: dict[str, int],
    people: dict[str, int],
    column: str,
    model: ledger_repo.Link,
) -> set[str]:
    """Make each project's owners (or leaders) those of its row; codes whose links changed."""
    wanted: dict[int, set[str]] = {}
    codes: dict[int, str] = {}
    for parsed in rows:
        if column in parsed.present:
            row, project_id = parsed.data, projects[parsed.data.code]
            wanted[project_id], codes[project_id] = set(_mobiles(row, column)), row.code
    want = {(pid, people[m]) for pid, mobiles in wanted.items() for m in mobiles}
    have = await ledger_repo.links_of(session, model, wanted)
    if added := want - have:
        await session.execute(
            insert(model), [{"project_id": p, "person_id": q} for p, q in sorted(added)]
        )
    for batch in ledger_repo.chunks(sorted(have - want)):
        pairs = tuple_(model.project_id, model.person_id)
        await session.execute(delete(model).where(pairs.in_(batch)))
    return {codes[pid] for pid, _ in added | (have - want)}


def _mobiles(row: ProjectRow, column: str) -> list[str]:
    return list(row.owner_mobiles if column == "责任人" else row.leader_mobiles)


async def write_milestones(
    session: AsyncSession,
    rows: list[Parsed[MilestoneRow]],
    projects: dict[str, int],
    counts: Counts,
) -> None:
    """Upsert milestones by (项目代码, 节点)."""
    missing = {r.data.code for r in rows} - projects.keys()
    stored_projects = await ledger_repo.projects_by_code(session, missing)
    projects = projects | {code: p.id for code, p in stored_projects.items()}
    ids = [projects[r.data.code] for r in rows]
    existing = await ledger_repo.milestones_of(session, ids)
    new: dict[tuple[int, str], dict[str, Any]] = {}
    for parsed, project_id in zip(rows, ids, strict=True):
        row, present = parsed.data, parsed.present
        values = {
            attr: getattr(row, attr)
            for column, attr in (("计划完成日期", "due_on"), ("实际完成日期", "done_on"))
            if column in present
        }
        milestone = existing.get((project_id, row.name))
        if milestone is None:
            new[(project_id, row.name)] = {"project_id": project_id, "name": row.name, **values}
        elif assign(milestone, values):
            counts.milestones_updated += 1
        else:
            counts.milestones_unchanged += 1
    await session.flush()
    for batch in ledger_repo.chunks(list(new.values()), 1000):
        await session.execute(insert(Milestone), batch)
    counts.milestones_created += len(new)
