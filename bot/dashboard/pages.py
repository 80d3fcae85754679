"""The dashboard's pages: each is queried, and rendered or written as .xlsx, on a reader
thread, so a list of 10,000 projects never holds up the loop that answers chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api import rules_of
from bot.dashboard import access
from bot.dashboard.figures import Look
from bot.dashboard.filters import BadFilter
from bot.dashboard.tables import Listing
from bot.keys import CLOCK, READERS, RENDERER, SETTINGS
from storage.ledger.writer import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV = [
    ("overview", "总览", "/dashboard"),
    ("units", "单位", "/dashboard/units"),
    ("projects", "项目", "/dashboard/projects"),
    ("issues", "问题", "/dashboard/issues"),
]


@dataclass
class Page:
    """What a page shows: its template, title, data and (for a list) its table."""

    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    listing: Listing | None = None
    section: str = "overview"


Build = Callable[[AsyncSession, Look, web.Request], Awaitable[Page]]
Part = Callable[[AsyncSession, Look], Awaitable[Any]]


async def answer(
    request: web.Request, build: Build, parts: Mapping[str, Part] | None = None
) -> web.StreamResponse:
    """Run `build` for the request's viewer on a reader; the page, its .xlsx, or a refusal.

    `parts` are independent queries of the page, run first side by side on the readers (each
    in its own read transaction); `build` finds their results in `look.parts`.
    """
    try:
        viewer = await access.viewer(request)
    except access.Refused as refused:
        return await refusal(request, refused.status, refused.message)
    app = request.app
    look = Look(viewer, app[CLOCK].now(), rules_of(app), app[SETTINGS])
    want_xlsx = request.query.get("format") == "xlsx"
    if parts:
        readers = app[READERS]
        found = await asyncio.gather(*(readers.run(_bound(part, look)) for part in parts.values()))
        look.parts = dict(zip(parts, found, strict=True))

    async def run(session: AsyncSession) -> web.Response:
        try:
            page = await build(session, look, request)
        except BadFilter as exc:
            return _error_response(request, 400, str(exc))
        except access.Refused as refused:
            return _error_response(request, refused.status, refused.message)
        if want_xlsx and page.listing is not None:
            return _download(xlsx_bytes([page.listing.table]), page.title)
        return web.Response(text=_render(request, page, look), content_type="text/html")

    return await app[READERS].run(run)


def _bound(part: Part, look: Look) -> Callable[[AsyncSession], Awaitable[Any]]:
    async def query(session: AsyncSession) -> Any:
        return await part(session, look)

    return query


def _download(body: bytes, name: str) -> web.Response:
    filename = quote(f"看板-{name}.xlsx")
    disposition = f"attachment; filename=dashboard.xlsx; filename*=UTF-8''{filename}"
    return web.Response(body=body, content_type=XLSX, headers={"Content-Disposition": disposition})


def _render(request: web.Request, page: Page, look: Look) -> str:
    settings = request.app[SETTINGS]
    screen = request.query.get("screen") == "1"
    data = {
        **page.data,
        "title": page.title,
        "viewer": look.viewer,
        "today": look.today,
        "now": look.now,
        "nav": NAV,
        "section": page.section,
        "screen": screen,
        "refresh": settings.dashboard.refresh_seconds,
        "listing": page.listing,
        "download": _download_link(request),
    }
    return request.app[RENDERER].page(f"dashboard/{page.template}", data)


def _download_link(request: web.Request) -> str:
    query = {k: v for k, v in request.query.items() if k not in ("format", "page", "screen")}
    query["format"] = "xlsx"
    return str(request.rel_url.with_query(query))


def _error_response(request: web.Request, status: int, message: str) -> web.Response:
    data = {"status": status, "message": message, "title": "看板", "screen": False}
    html = request.app[RENDERER].page("dashboard/refused", data)
    return web.Response(text=html, status=status, content_type="text/html")


async def refusal(request: web.Request, status: int, message: str) -> web.Response:
    """A page saying why nothing is shown (no traceback, nobody's data)."""
    return _error_response(request, status, message)
