"""Writing projects, their owners and leaders, and milestones (upsert by 项目代码)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_rules import FINISHED_STATUSES as FINISHED
from storage.ledger.change_text import change_text
from storage.ledger.checks import annual_plan, monthly_plan
from storage.ledger.load_people import assign, assign_fields
from storage.ledger.parse import MONTHLY, Parsed, Progress
from storage.ledger.result import Counts
from storage.ledger.rows import MilestoneRow, ProjectRow
from storage.ledger.same_name import named_alike
from storage.models import Milestone, Project, ProjectLeader, ProjectOwner, ProjectPlan, Unit
from storage.repos import ledger_repo
from storage.repos.plans import latest_plans_before, plans_for

# How the summary names a changed attribute (is_key follows the annual plan: not named twice)
FIELD_LABELS = {
    "name": "项目名称",
    "unit_id": "责任单位",
    "active": "恢复在册",
    "aliases": "简称",
    "locality": "属地",
    "industry": "行业",
    "total_investment_yuan": "总投资",
    "planned_start": "计划开工日期",
    "planned_completion": "计划竣工日期",
    "monthly_plan_yuan": "月度计划",
    "annual_plan_yuan": "年度计划投资",
    "category": "项目类别",
    "level": "项目级别",
    "key_tags": "重点类别",
    "status": "项目状态",
    "started_on": "开工日期",
    "stats_entered_on": "入统日期",
}
KEY_PROJECT_YUAN = 50_000_000  # 年度计划 ≥ 5000万 is the documents' key-project line
_CARRIED = ("level", "key_tags", "planned_start", "planned_completion")
# A blank cell never clears these: chat reports (开工, 入统) keep them current between imports.
_KEPT_WHEN_BLANK = (
    ("项目类别", "category"),
    ("项目状态", "status"),
    ("开工日期", "started_on"),
    ("入统日期", "stats_entered_on"),
)


def assigned(
    target: Any,
    values: dict[str, Any],
    unit_names: Mapping[int, str],
    emptied: list[str] | None = None,
) -> list[str]:
    """Set the attributes that differ; how the summary names each that changed, with its old
    and new value where a person would check them. The labels of those a blank cell empties
    (a value before, none or 0 now) go to `emptied`."""
    before = {attr: getattr(target, attr) for attr in values}
    changed = [attr for attr in assign_fields(target, values) if FIELD_LABELS.get(attr)]
    if emptied is not None:
        emptied += [FIELD_LABELS[a] for a in changed if before[a] and not values[a]]
    return [
        change_text(FIELD_LABELS[attr], attr, before[attr], values[attr], unit_names)
        for attr in changed
    ]


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
    return values


def _declared_finished(project: Project, values: dict[str, Any]) -> bool:
    """A project declared finished (竣工, with its date, in a chat report) that the row would
    set back to a status of one under way."""
    status = values.get("status")
    return project.completed_on is not None and status is not None and status not in FINISHED


def plan_values(row: ProjectRow, present: frozenset[str]) -> dict[str, Any]:
    """The plan-year attributes this row sets (empty: the row says nothing about the plan)."""
    optional = {
        "计划开工日期": ("planned_start", row.planned_start),
        "计划竣工日期": ("planned_completion", row.planned_completion),
        MONTHLY: ("monthly_plan_yuan", monthly_plan(row)),
    }
    values: dict[str, Any] = {
        attr: value for column, (attr, value) in optional.items() if column in present
    }
    annual = annual_plan(row)
    if PLAN_COLUMN in present or annual is not None:
        values["annual_plan_yuan"] = annual or 0
        values["is_key"] = (annual or 0) >= KEY_PROJECT_YUAN
    if "项目级别" in present and row.level is not None:
        values["level"] = row.level
    if "重点类别" in present:
        values["key_tags"] = row.key_tags or ""
    return values


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
    stored = await ledger_repo.projects_by_code(session, (r.data.code for r in rows))
    new: list[dict[str, Any]] = []
    changes: dict[str, list[str]] = {}
    unit_names = {unit.id: name for name, unit in units.items()}
    by_code = {parsed.data.code: parsed.data for parsed in rows}
    for parsed in rows:
        row = parsed.data
        values = project_values(row, parsed.present, units[row.unit])
        project = stored.get(row.code)
        if project is not None and _declared_finished(project, values):
            del values["status"]  # 竣工 its owner declared in chat: not undone by an old sheet
            counts.finished_kept.append(row.name)
        emptied: list[str] = []
        if project is None:
            new.append(values | {"code": row.code, "entered_ledger_on": entered})
            if values.get("category") is None:
                counts.uncategorised.append(row.name)
        elif changed := assigned(project, values, unit_names, emptied):
            changes[row.code] = changed
        counts.note_emptied(row.code, emptied)
        progress.update(1)
    await session.flush()
    counts.same_name += await named_alike(session, new)
    ids = {code: project.id for code, project in stored.items()}
    ids |= await ledger_repo.insert_returning(session, Project, new, "code")
    ahead = year > today.year
    finished = {
        ids[r.data.code]
        for r in rows
        if (stored[r.data.code].status if r.data.code in stored else r.data.status) in FINISHED
    }
    written = await _write_plans(session, rows, ids, year, counts, ahead, finished)
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
    counts.projects_updated += len(changes)
    counts.projects_unchanged += len({r.data.code for r in rows} & stored.keys()) - len(changes)
    counts.project_changes.update(changes)
    counts.project_names.update((r.data.code, r.data.name) for r in rows if r.data.code in changes)
    return ids


async def _write_plans(
    session: AsyncSession,
    rows: list[Parsed[ProjectRow]],
    ids: dict[str, int],
    year: int,
    counts: Counts,
    ahead: bool,
    finished: set[int],
) -> dict[str, list[str]]:
    """Each row's plan for `year`, beside the other years' (untouched); what changed, by code.
    A blank 年度计划投资 gives a project without a plan for the year none yet when loading a
    coming year's plans (`ahead`), and in the current year when it had an earlier year's plan
    (January's reload of the year's sheet must not plan 0 for those not decided); the summary
    names them, except the `finished` projects, which need none. A project new to the ledger
    with the cell blank still gets a plan at 0 this year: it holds its dates and level.

    A project's first plan for a year starts from its latest earlier plan's level and
    planned dates (a 续建 project keeps them), never from its amounts.
    """
    wanted = {ids[p.data.code]: (p.data.code, plan_values(p.data, p.present)) for p in rows}
    wanted = {pid: item for pid, item in wanted.items() if item[1]}
    stored = await plans_for(session, year, wanted)
    blank = {
        ids[p.data.code]: p.data.name
        for p in rows
        if annual_plan(p.data) is None and (ahead or PLAN_COLUMN in p.present)
    }
    earlier = await latest_plans_before(session, year, wanted.keys() - stored.keys())
    for pid in sorted(blank.keys() & wanted.keys() - stored.keys()):  # no plan for the year yet
        # a project new to the ledger keeps its dates and level on a plan at 0 this year
        if not ahead and pid not in earlier:
            continue
        if not _plans_the_year(wanted[pid][1], year, earlier.get(pid)):
            del wanted[pid]  # nothing planned for the year: no plan
            if pid not in finished:
                counts.plans_blank.append(blank[pid])
    counts.plans_written += len(wanted)
    changes: dict[str, list[str]] = {}
    new = []
    for pid, (code, values) in wanted.items():
        plan = stored.get(pid)
        if plan is None:
            carried = earlier.get(pid)
            start = {attr: getattr(carried, attr) for attr in _CARRIED} if carried else {}
            new.append({"project_id": pid, "year": year, **start, **values})
        else:
            emptied: list[str] = []
            if changed := assigned(plan, values, {}, emptied):
                changes[code] = changed
            counts.note_emptied(code, emptied)
    counts.plans_added += len(new)
    counts.plans_changed += len(changes)
    await session.flush()
    for batch in ledger_repo.chunks(new, 1000):
        await session.execute(insert(ProjectPlan), batch)
    return changes


PLAN_COLUMN = "年度计划投资"


def _plans_the_year(values: dict[str, Any], year: int, earlier: ProjectPlan | None) -> bool:
    """Whether a row without an amount plans `year` all the same (kept at 0): a monthly plan, or
    a start in that year or later. A 续建 project's dates (begun years ago, to finish later),
    left in a sheet whose new year's column is blank for it, plan nothing for that year; nor
    does a start the project's `earlier` plan gave already (next year's sheet as exported
    carries it)."""
    start = values.get("planned_start")
    if values.get("monthly_plan_yuan") is not None:
        return True
    new = earlier is None or start != earlier.planned_start
    return start is not None and start.year >= year and new


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
