"""Where projects stand (figures and light) for chat, the read API and the digest.

Built from the one fact loader (`storage.repos.light_facts`), as the lights job's are, for
every active project or the listed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import Light, LightRules
from domain.lights import evaluate
from storage.repos.fact_builder import FactBuilder
from storage.repos.light_facts import ProjectRow, project_rows, read_facts


@dataclass
class Standing:
    """One project's figures and light."""

    project: ProjectRow
    ytd_done: int
    plan_to_date: int
    ratio: float | None
    light: Light
    open_issues: int

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
) -> list[Standing]:
    """Every (or the listed) active project's standing at `now`, by project code."""
    scope = None if project_ids is None else list(project_ids)
    if scope == []:
        return []
    today = now.date()
    rows = await project_rows(session, scope)
    facts = await read_facts(session, today, scope)
    builder = FactBuilder(today, rules)
    result = []
    for row in sorted(rows, key=lambda r: r.code):
        found, plan, ratio = builder.build(row, facts)
        light = evaluate(found, now, rules.calendar, rules.thresholds, rules.curve)
        done = found.ytd_done_yuan or 0
        issues = len(found.open_issue_deadlines)
        result.append(Standing(row, done, plan, ratio, light, issues))
    return result
