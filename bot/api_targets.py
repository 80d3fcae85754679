"""Read API for the office's targets (SPEC §7, §9): `GET /api/starts`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api import from_reader
from bot.keys import CLOCK, SETTINGS
from domain.starts import StartFact, StartTally, StartTargets
from domain.targets import Standing
from storage.repos.starts import starts_report


async def list_starts(request: web.Request) -> web.Response:
    """`GET /api/starts`: 开复工 overall and by unit against the lines, with the lists."""
    today, targets = request.app[CLOCK].today(), request.app[SETTINGS].targets

    async def query(session: AsyncSession) -> dict[str, Any]:
        report = await starts_report(session, today, targets)
        judged = report.targets
        return {
            "today": today.isoformat(),
            "overall": tally_json(report.total, judged[report.total.unit]),
            "units": [tally_json(unit, judged[unit.unit]) for unit in report.units],
        }

    return await from_reader(request, query)


def tally_json(t: StartTally, judged: StartTargets) -> dict[str, Any]:
    """One unit's (or the overall) 开复工 as the API names it."""
    return {
        "unit": t.unit,
        "new": t.new,
        "new_started": t.new_started,
        "start_rate": t.start_rate,
        "continuing": t.continuing,
        "resumed": t.resumed,
        "resume_rate": t.resume_rate,
        "rate": t.rate,
        "target_due": _standing(judged.due),
        "target_next": _standing(judged.next),
        "resume_target": _standing(judged.resume),
        "overdue_starts": [_fact(f) for f in t.overdue_starts],
        "not_resumed": [_fact(f) for f in t.not_resumed],
    }


def _standing(s: Standing | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "name": s.line.name,
        "end": s.line.end.isoformat(),
        "percent": s.line.percent,
        "wanted": s.wanted,
        "have": s.have,
        "short": s.short,
        "met": s.met,
    }


def _fact(f: StartFact) -> dict[str, Any]:
    found = asdict(f)
    found["planned_start"] = f.planned_start.isoformat() if f.planned_start else None
    return {k: found[k] for k in ("code", "name", "unit", "category", "planned_start")}


def add_routes(app: web.Application) -> None:
    """Register the target views (the token check of bot.api covers them)."""
    app.router.add_get("/api/starts", list_starts)
