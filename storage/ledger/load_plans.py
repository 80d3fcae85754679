"""Writing each project's plan for a plan year (计划年度), beside its other years'."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger.change_text import assigned, plan_labels
from storage.ledger.checks import annual_plan, monthly_plan
from storage.ledger.counts import Counts
from storage.ledger.parse import MONTHLY, Parsed
from storage.ledger.rows import ProjectRow
from storage.models import ProjectPlan
from storage.repos import ledger_repo
from storage.repos.plans import latest_plans_before, plans_for

KEY_PROJECT_YUAN = 50_000_000  # 年度计划 ≥ 5000万 is the documents' key-project line
_CARRIED = ("level", "key_tags", "planned_start", "planned_completion")


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


async def write_plans(
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
    zeroed = {ids[p.data.code] for p in rows if annual_plan(p.data) == 0}
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
    labels = plan_labels(year)  # `2027年度计划投资`: which year's plan a change is to
    for pid, (code, values) in wanted.items():
        plan = stored.get(pid)
        if plan is None:
            carried = earlier.get(pid)
            start = {attr: getattr(carried, attr) for attr in _CARRIED} if carried else {}
            new.append({"project_id": pid, "year": year, **start, **values})
        else:
            emptied: list[str] = []
            if changed := assigned(plan, values, {}, emptied, labels):
                changes[code] = changed
            if pid in zeroed:  # a 0 typed in (a finished project left out): no blank
                emptied = [e for e in emptied if e != labels["annual_plan_yuan"]]
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
