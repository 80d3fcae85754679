"""The application factory: everything is built here, nothing at import."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from bot import api, health, local_views
from bot.keys import CALENDAR, CLOCK, DB, RENDERER, ROUTER, SETTINGS, TASKS
from bot.render import Renderer
from bot.settings import Settings
from bot.tasks import TaskGroup
from domain.calendar import WorkCalendar
from domain.clock import Clock
from handlers.router import build_router
from storage.db import Database
from storage.migrate import upgrade


def create_app(settings: Settings) -> web.Application:
    """Build the aiohttp application for `settings`."""
    app = web.Application(client_max_size=settings.server.client_max_size)
    app[SETTINGS] = settings
    app[CLOCK] = Clock.parse(settings.clock.now)
    app[TASKS] = TaskGroup()
    app[RENDERER] = Renderer(settings.templates.override_dir)
    app[CALENDAR] = WorkCalendar.load(settings.calendar.holidays_file)
    app[ROUTER] = build_router()
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_tasks)
    health.add_routes(app)
    api.add_routes(app)
    if settings.local.enabled:
        local_views.add_routes(app)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS].database
    db = Database(settings.url, echo=settings.echo, busy_timeout_ms=settings.busy_timeout_ms)
    await upgrade(db)
    app[DB] = db
    yield
    await db.dispose()


async def _tasks(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[TASKS].close()
