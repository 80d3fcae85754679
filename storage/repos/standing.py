"""Where projects stand (figures and light) for chat, the read API and the digest.

Built from the one fact loader (`storage.repos.light_facts`), as the lights job's are, for
every active project or the listed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import Light, LightRules
from domain.lights import evaluate, holds_since
from storage.repos.fact_builder import FactBuilder
from storage.repos.light_facts import ProjectRow, entered_by, project_rows, rows_and_facts
from storage.repos.recorded_lights import recorded_lights


@dataclass
class Standing:
    """One project's figures and light."""

    project: ProjectRow
    ytd_done: int
    plan_to_date: int
    ratio: float | None
    light: Light
    open_issues: int
    as_of: date | None = None
    """The date the figures are as of (the last report's), which 序时 is reckoned to."""

    @property
    def unit(self) -> str:
        """The project's unit."""
        return self.project.unit


async def standings(
    session: AsyncSession,
    now: datetime,
    rules: LightRules,
    *,
    project_ids: Sequence[int] | None = None,
    recorded: bool = False,
    upcoming: bool = False,
) -> list[Standing]:
    """Every (or the listed) active project's standing at `now`, by project code.

    `recorded`: lights as on record (storage.repos.recorded_lights), evaluated only where no
    recorded light still holds; the figures are computed either way. `upcoming`: projects
    entering the ledger later (next year's, loaded in December) too, as a card asks.
    """
    scope = None if project_ids is None else list(project_ids)
    if scope == []:
        return []
    today = now.date()
    rows, facts = await rows_and_facts(session, today, scope)
    rows = rows if upcoming else entered_by(rows, today)
    lights = await _holding(session, now, rules, scope) if recorded else {}
    builder = FactBuilder(today, rules)
    result = []
    for row in sorted(rows, key=lambda r: r.code):
        found, plan, ratio = builder.build(row, facts)
        light = lights.get(row.id) or evaluate(
            found, now, rules.calendar, rules.thresholds, rules.curve
        )
        done = found.ytd_done_yuan or 0
        issues = len(found.open_issue_deadlines)
        as_of = found.ytd_as_of or today
        result.append(Standing(row, done, plan, ratio, light, issues, as_of))
    return result


async def on_record(
    session: AsyncSession,
    now: datetime,
    rules: LightRules,
    *,
    project_ids: Sequence[int] | None = None,
) -> list[tuple[ProjectRow, Light]]:
    """Every (or the listed) active project with its light on record, by code; evaluated where
    none that still holds is."""
    scope = None if project_ids is None else list(project_ids)
    if scope == []:
        return []
    rows = entered_by(await project_rows(session, scope, now.year), now.date())
    lights = await _holding(session, now, rules, scope)
    missing = [row.id for row in rows if row.id not in lights]
    for row in await standings(session, now, rules, project_ids=missing) if missing else []:
        lights[row.project.id] = row.light
    return [(row, lights[row.id]) for row in sorted(rows, key=lambda r: r.code)]


async def _holding(
    session: AsyncSession, now: datetime, rules: LightRules, scope: list[int] | None
) -> dict[int, Light]:
    """The recorded lights that still hold at `now`."""
    since = holds_since(now, rules.calendar, rules.thresholds)
    return await recorded_lights(session, now.date(), scope, judged_since=since)
