"""Typed keys for the objects the application shares."""

from __future__ import annotations

from aiohttp import ClientSession, web

from bot.render import Renderer
from bot.tasks import TaskGroup
from core.settings import Settings
from domain.clock import Clock
from domain.live_calendar import LiveCalendar
from handlers.dispatch import Router
from storage.db import Database
from storage.readers import Readers
from storage.writer import GroupWriter

SETTINGS = web.AppKey("settings", Settings)
DB = web.AppKey("db", Database)
WRITER = web.AppKey("writer", GroupWriter)
"""Write jobs sharing transactions (group commit) on the writer's thread: chat writes go here."""
READERS = web.AppKey("readers", Readers)
"""Reader threads: read-only chat commands and the read API query there, off the loop."""
CLOCK = web.AppKey("clock", Clock)
TASKS = web.AppKey("tasks", TaskGroup)
RENDERER = web.AppKey("renderer", Renderer)
ROUTER = web.AppKey("router", Router)
CALENDAR = web.AppKey("calendar", LiveCalendar)
"""The working calendar; `.current` is re-read when the holidays file changes."""
HTTP = web.AppKey("http", ClientSession)
"""The one client session every outbound call goes through (opened by bot.http)."""
