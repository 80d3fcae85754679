"""The monthly 晾晒/赛马: units ranked at last month end, 骏马/蜗牛, 连续未达序时 (作检讨).

Every group hears it, each as its audience needs: the leaders and the office the ranking, the
骏马 and 蜗牛 and the projects named for 作检讨; the owners groups the ranking and the 骏马 and
蜗牛; a unit's group its own rank, its own 骏马 and 蜗牛 and its own projects named for 作检讨.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import Any

from core.job_ids import MONTHLY_RANKING
from core.settings import GroupSettings
from domain.budget import ends, fits
from domain.holiday_policy import first_workday_of_month
from domain.race import RaceScore, race_score, ranked
from domain.ranks import by_place
from domain.targets import Standing, investment_against
from scheduler.context import JobContext, JobResult, Push, occasion
from storage.repos import month_queries as mq
from storage.repos.month_queries import MonthFigures
from storage.repos.starts import StartsReport, starts_report
from storage.repos.stats_list import issues_closed, stats_report

JOB = MONTHLY_RANKING
PICKED = 3  # 骏马 and 蜗牛 named each month
REVIEWED_BY = frozenset({"leaders", "office"})  # the 作检讨 list goes to these only


def ranking_due(ctx: JobContext, day: date) -> bool:
    """The first working day of the month."""
    return first_workday_of_month(day, ctx.calendar) == day


def ranked_month(day: date) -> tuple[int, int]:
    """The month a ranking on `day` is about: the one that ended last."""
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


async def monthly_ranking(ctx: JobContext, at: datetime) -> JobResult:
    """On the first working day: last month's ranking in every configured group."""
    day = at.date()
    if not ranking_due(ctx, day):
        return []
    year, month = ranked_month(day)
    data = await ranking_data(ctx, year, month)
    key = occasion(JOB, f"{year}-{month:02d}")
    by_unit = {row["unit"]: row for row in data["units"]}
    pushes = []
    for group in ctx.settings.groups:
        top = ctx.budget(group.role).top
        head, between, tail = ends(data["units"], top)
        view = {**data, "today": day, "units": head, "more_units": between, "tail_units": tail}
        unit = group.role.removeprefix("unit:") if group.role.startswith("unit:") else None
        if unit is not None:
            view |= await _unit_view(ctx, year, month, unit, by_unit.get(unit))
            view |= _unit_starts(data["starts"], unit, ctx.budget(group.role).top)
            # its own projects named for 作检讨: the unit is the one to prepare it
            own_review = [r for r in data["review"] if r["unit"] == unit]
            view |= {"own_review": own_review[:top], "own_review_total": len(own_review)}
            pushes.append(Push.of(ctx, group, key, "pushes/ranking_unit", view))
            continue
        reviewed = group.role in REVIEWED_BY
        view["reviewed"] = reviewed
        view["review"] = data["review"][: max(1, top // 2)] if reviewed else []
        view["review"] = _review_within(ctx, group, view)
        pushes.append(Push.of(ctx, group, key, "pushes/ranking", view))
    return pushes


def _review_within(ctx: JobContext, group: GroupSettings, view: dict[str, Any]) -> list[Any]:
    """The review list, shortened so that the push keeps to its budget (a bimonthly ranking
    fills the budget on its own)."""
    review: list[Any] = view["review"]
    room = ctx.budget(group.role)
    while len(review) > 1:
        text = ctx.render("pushes/ranking", {**view, "review": review}, dialect=group.platform)
        if fits(text, room):
            break
        review = review[:-1]
    return review


def _unit_starts(starts: StartsReport, unit: str, top: int) -> dict[str, Any]:
    """A unit's own 开复工 against the lines and its 应开未开 / 应复未复, top N each."""
    own = next((t for t in starts.units if t.unit == unit), None)
    if own is None:
        return {"own_starts": None}
    return {
        "own_starts": own,
        "own_starts_targets": starts.targets[unit],
        "own_overdue": own.overdue_starts[:top],
        "own_not_resumed": own.not_resumed[:top],
    }


async def _unit_view(
    ctx: JobContext, year: int, month: int, unit: str, own: dict[str, Any] | None
) -> dict[str, Any]:
    """A unit's own rank, and its own 骏马 and 蜗牛."""
    curve = ctx.settings.plan.default_curve
    line = ctx.settings.lights.blue_ratio
    async with ctx.db.read() as session:
        picked = {
            name: await mq.ranked_projects(
                session, year, month, curve, line=line, best=best, limit=PICKED, unit=unit
            )
            for name, best in (("best", True), ("worst", False))
        }
    return {"own": own, "unit": unit, **{k: [_row(p) for p in v] for k, v in picked.items()}}


async def ranking_data(ctx: JobContext, year: int, month: int) -> dict[str, Any]:
    """Units ranked, 骏马/蜗牛 and the review list for the end of `month`."""
    curve = ctx.settings.plan.default_curve
    line = ctx.settings.lights.blue_ratio
    months = review_months(year, month, ctx.settings.lights.consecutive_months)
    async with ctx.db.read() as session:
        units = await mq.unit_month(session, year, month, curve)
        best = await mq.ranked_projects(
            session, year, month, curve, line=line, best=True, limit=PICKED
        )
        worst = await mq.ranked_projects(
            session, year, month, curve, line=line, best=False, limit=PICKED
        )
        review = await mq.below_at_month_ends(session, year, months, curve, line) if months else []
        end = date(year, month, monthrange(year, month)[1])
        after = end + timedelta(days=1)
        # the month's figures: a start or 入统 dated after its end is not in them
        starts = await starts_report(session, after, ctx.settings.targets, year=year, on=end)
        grace = ctx.settings.lights.stats_grace_months
        # judged at the month's end as the 月报表 judges it: a project started on 9-30 is
        # due in the statistics after 11-30, not already in November's 入统率
        _, stats = await stats_report(session, end, grace, on=end)
        issues = await issues_closed(session, year) if month % 2 == 0 else {}
    lines = ctx.settings.targets.investment_by_quarter
    table = [_row(u) for u in units]
    stats_rates = {unit.unit: unit.rate for unit in stats}
    for row in table:
        row["ahead"] = investment_against(after, lines, row["annual"], row["done"], year)[1]
        row["stats_rate"] = stats_rates.get(row["unit"])
    ordered = by_place(table, lambda r: r["ratio"], lambda r: r["unit"])
    for place, row in ordered:
        row["rank"] = place
    table = [row for _, row in ordered]
    annual, done = sum(r["annual"] for r in table), sum(r["done"] for r in table)
    plan = sum(r["plan"] for r in table)
    race = _race(ctx, table, starts, issues) if month % 2 == 0 else []
    return {
        "year": year,
        "month": month,
        "investment": _quarter_news(investment_against(after, lines, annual, done, year), after),
        "whole": {  # every project's at the month's end, the first thing a leader asks
            "done": done,
            "completion": done / annual if annual else None,
            "ratio": done / plan if plan else None,
        },
        "starts": starts,
        "bimonthly": month % 2 == 0,
        "units": table,
        "best": [_row(p) for p in best],
        "worst": [_row(p) for p in worst],
        "months": months,
        "review": sorted(  # the furthest behind first, as the leaders read it
            (
                {"name": name, "unit": unit, "ratios": list(zip(months, ratios, strict=True))}
                for name, unit, ratios in review
            ),
            key=lambda r: r["ratios"][-1][1],
        ),
        "review_total": len(review),
        "consecutive": ctx.settings.lights.consecutive_months,
        "race": race,
    }


def _race(
    ctx: JobContext,
    table: list[dict[str, Any]],
    starts: StartsReport,
    issues: dict[str, tuple[int, int]],
) -> list[RaceScore]:
    """The 双月赛马 score of every unit in the ranking, best first."""
    weights = ctx.settings.targets.race.model_dump()
    start_rates = {t.unit: t.rate for t in starts.units}
    scores = []
    for row in table:
        raised, closed = issues.get(row["unit"], (0, 0))
        shares = {
            "investment": row["ratio"],
            "starts": start_rates.get(row["unit"]),
            "stats": row["stats_rate"],
            "issues": closed / raised if raised else None,
        }
        scores.append(race_score(row["unit"], shares, weights))
    return ranked(scores)


def _quarter_news(
    standings: tuple[Standing | None, Standing | None], after: date
) -> tuple[Standing | None, Standing | None]:
    """The line due only in the ranking of the quarter's last month (its result is news then)."""
    due, ahead = standings
    if due is not None and due.line.end != after - timedelta(days=1):
        due = None
    return due, ahead


def review_months(year: int, month: int, consecutive: int) -> list[int]:
    """The month ends that must all be below 序时, oldest first; none across a year's start.

    As the 作检讨 light rule, a month of another plan year does not count.
    """
    first = month - consecutive + 1
    return list(range(first, month + 1)) if first >= 1 else []


def _row(figures: MonthFigures) -> dict[str, Any]:
    return {
        "name": figures.name,
        "unit": figures.unit,
        "projects": figures.projects,
        "annual": figures.annual,
        "done": figures.done,
        "plan": figures.plan,
        "ratio": figures.ratio,
    }
