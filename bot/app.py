"""The application factory: everything is built here, nothing at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot import api, api_targets, calendar_watch, callbacks, health, local_views
from bot.adapters.dialects import ESCAPES
from bot.client_gone import forgive_gone_clients
from bot.collector import tuned_collector
from bot.dashboard import views as dashboard
from bot.http import http_session
from bot.inbound import CHANNELS, FLIGHTS, Channel, add_sweeper
from bot.keys import CALENDAR, CLOCK, DB, READERS, RENDERER, ROUTER, SETTINGS, TASKS, WRITER
from bot.long_connections import long_connections
from bot.outbox.service import add_outbox_worker
from bot.render import Renderer
from bot.request_guard import refuse_unstorable
from bot.switching import quick_switching
from bot.tasks import TaskGroup
from bot.too_large import explain_too_large
from core.settings import Settings
from domain.clock import Clock
from domain.live_calendar import LiveCalendar
from domain.numerals import load_reader
from handlers.router import build_router
from scheduler.context import JobContext
from scheduler.election import Leadership
from scheduler.runner import SchedulerRunner
from storage.db import Database
from storage.migrate import upgrade
from storage.readers import Readers
from storage.worker import DbWorker
from storage.writer import GroupWriter

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> web.Application:
    """Build the aiohttp application for `settings`."""
    app = web.Application(
        client_max_size=settings.server.client_max_size,
        middlewares=[forgive_gone_clients, refuse_unstorable, explain_too_large],
    )
    app[SETTINGS] = settings
    app[CLOCK] = Clock.parse(settings.clock.now)
    app[TASKS] = TaskGroup()
    app[RENDERER] = Renderer.of(settings, ESCAPES)
    app[CALENDAR] = LiveCalendar(settings.calendar.holidays_file)
    app[ROUTER] = build_router()
    app[FLIGHTS] = {}
    app[CHANNELS] = _answer_channels(app)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(http_session)
    add_sweeper(app)
    add_outbox_worker(app)
    app.cleanup_ctx.append(_tasks)
    app.cleanup_ctx.append(_scheduler)
    app.cleanup_ctx.append(long_connections)
    app.cleanup_ctx.append(quick_switching)
    app.cleanup_ctx.append(tuned_collector)  # last: once everything start-up builds exists
    health.add_routes(app)
    api.add_routes(app)
    dashboard.add_routes(app)
    api_targets.add_routes(app)
    if settings.local.enabled:
        local_views.add_routes(app)
    callbacks.add_routes(app)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS].database
    db = Database(settings.url, echo=settings.echo, busy_timeout_ms=settings.busy_timeout_ms)
    await upgrade(db)
    app[DB] = db
    writer = DbWorker(
        settings.url, name="db-writer", echo=settings.echo, busy_timeout_ms=settings.busy_timeout_ms
    )
    app[WRITER] = GroupWriter(writer)
    app[READERS] = Readers(settings.url, busy_timeout_ms=settings.busy_timeout_ms)
    yield
    await app[WRITER].close()
    await app[READERS].close()
    await db.dispose()


def _answer_channels(app: web.Application) -> dict[str, Channel]:
    """How each platform's answers go out of band (bot.inbound.late)."""
    from bot.adapters import dingtalk, feishu, wecom

    app[feishu.TOKENS] = feishu.TenantTokens()

    return {
        "local": local_views.deliver_late,
        "wecom": wecom.deliver_late,
        "dingtalk": dingtalk.deliver_late,
        "feishu": feishu.deliver_late,
    }


async def _scheduler(app: web.Application) -> AsyncIterator[None]:
    """Start the elected scheduler, unless disabled or the clock is frozen (drills, demos)."""
    settings = app[SETTINGS]
    if settings.schedule.enabled and settings.clock.now is None:
        runner = SchedulerRunner(
            JobContext(app[DB], settings, app[CALENDAR].current, app[RENDERER].render),
            Leadership(app[DB], timeout=settings.server.leader_timeout_seconds),
            app[CLOCK].now,
            calendar=lambda: app[CALENDAR].current,
        )
        app[TASKS].start(runner.run(), name="scheduler", service=True)
    elif settings.schedule.enabled:
        log.info("clock is frozen: scheduled jobs run only through `diaodu jobs run --at`")
    yield


async def _tasks(app: web.Application) -> AsyncIterator[None]:
    await asyncio.to_thread(load_reader)  # off the loop: amounts said in words read at once
    app[TASKS].start(calendar_watch.watch(app[CALENDAR]), name="calendar-file", service=True)
    yield
    await app[TASKS].close()
