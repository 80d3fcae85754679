"""The dashboard's project rows in one statement: done and the day it is as of by `plan_sql`,
the light as on record, open issues counted; for 10,000 projects in well under a second.

序时 is `domain.plan`'s, worked out here from the row's plan and that day: the card's figure
by construction, and cheaper than in SQL, where SQLite would re-derive the day's month for
each term of the expression (the digest, which only sums, keeps `plan_sql.plan_on`).

A project with no light on record yet (just imported) comes back without a colour; the caller
evaluates those few (`standing.standings`), as the digest does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Select, String, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import LightRules
from domain.lights import holds_since
from domain.plan import schedule_plan_to_date
from storage.models import Issue, LightRecord, Project, ProjectPlan, Unit
from storage.repos.digest_queries import with_figures
from storage.repos.issues import OPEN_STATES
from storage.repos.plan_sql import figure_day_of, latest_ytd
from storage.repos.plans import annual
from storage.repos.recorded_lights import judged_since as recorded_judged_since
from storage.repos.standing import standings


@dataclass
class Line:
    """One active project as the dashboard lists it."""

    id: int
    code: str
    name: str
    unit: str
    unit_id: int
    category: str
    level: str
    annual: int
    done: int
    plan: int
    color: str | None
    raw_reasons: Any
    open_issues: int

    @property
    def ratio(self) -> float | None:
        """Done against 序时 (None when nothing is due yet)."""
        return self.done / self.plan if self.plan else None

    @property
    def reasons(self) -> list[str]:
        """The light's reasons as recorded (read only where a page shows them; the read API
        reads all 10,000, hence orjson)."""
        return [str(r.get("text", "")) for r in self._reason_items()]

    @property
    def warnings(self) -> list[str]:
        """The reasons of a red or yellow light (what is wrong), without the blue ones."""
        return [str(r.get("text", "")) for r in self._reason_items() if r.get("color") != "blue"]

    def _reason_items(self) -> list[dict[str, Any]]:
        raw = orjson.loads(self.raw_reasons) if isinstance(self.raw_reasons, str) else None
        items = raw if raw is not None else self.raw_reasons or []
        return [r for r in items if isinstance(r, dict)]


async def lines(
    session: AsyncSession,
    on: date,
    curve: list[int],
    ids: list[int] | None,
    *,
    judged_since: datetime | None = None,
) -> list[Line]:
    """The scope's active projects (every one for None), by code; with `judged_since`, a light
    recorded before then is left out (colour None), as no longer holding."""
    statement = _lines(on).order_by(Project.code)
    if ids is not None:
        statement = statement.where(Project.id.in_(ids))
    found = []
    params = {"since": judged_since}  # None: `holds` comes back NULL and is not looked at
    for row in await session.execute(statement, params):
        # Line's fields in order (positional: faster than by name at 10,000 rows) but 序时,
        # then what it is worked out from
        *values, holds, as_of, monthly = row
        values.insert(_PLAN, schedule_plan_to_date(values[_ANNUAL], monthly, curve, as_of or on))
        if judged_since is not None and not holds:
            values[_COLOR] = values[_REASONS] = None
        found.append(Line(*values))
    return found


async def lit_lines(
    session: AsyncSession, now: datetime, rules: LightRules, ids: list[int] | None
) -> list[Line]:
    """`lines` at `now` on the rules' curve, where a project with no recorded light that still
    holds (just imported, at the weekend, on Friday evening: domain.lights.holds_since) is
    judged now, as `standing.standings` judges it: the read API's rows."""
    if ids == []:
        return []
    since = holds_since(now, rules.calendar, rules.thresholds)
    found = await lines(session, now.date(), list(rules.curve), ids, judged_since=since)
    unlit = [line for line in found if line.color is None]
    if unlit:
        judged = await standings(session, now, rules, project_ids=[line.id for line in unlit])
        by_id = {row.project.id: row for row in judged}
        for line in unlit:
            if (row := by_id.get(line.id)) is not None:
                line.color = row.light.color.value
                line.raw_reasons = [{"text": reason.text} for reason in row.light.reasons]
    return found


_NAMES = [item.name for item in fields(Line)]
_ANNUAL, _PLAN = _NAMES.index("annual"), _NAMES.index("plan")  # places among Line's fields
_COLOR, _REASONS = _NAMES.index("color"), _NAMES.index("raw_reasons")


def _lines(on: date) -> Select[*tuple[Any, ...]]:
    latest, joined = latest_ytd(on.year, on.month)
    # counted once per project, joined: a correlated count would scan the issues per project
    issues = (
        select(Issue.project_id, func.count(Issue.id).label("open"))
        .where(Issue.state.in_(OPEN_STATES))
        .group_by(Issue.project_id)
        .subquery()
    )
    return with_figures(
        select(
            Project.id,
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Project.unit_id,
            Project.category,
            func.coalesce(ProjectPlan.level, "一般").label("level"),
            annual().label("annual"),
            func.coalesce(latest.ytd_investment_yuan, 0).label("done"),
            LightRecord.color,
            # read as text: decoding 10,000 reasons costs more than the query; few are shown
            type_coerce(LightRecord.reasons, String).label("raw_reasons"),
            func.coalesce(issues.c.open, 0).label("open_issues"),
            recorded_judged_since().label("holds"),
            # 序时 is reckoned to the latest figure's day (domain.plan.figure_day; today when
            # there is none), as the cards and the digest reckon it
            figure_day_of(latest, on).label("as_of"),
            ProjectPlan.monthly_plan_yuan,
        ),
        on,
        latest,
        joined,
    ).join(issues, issues.c.project_id == Project.id, isouter=True)
