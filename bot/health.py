"""Liveness and readiness endpoints."""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import text

from bot.keys import DB

log = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """The process is up."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """The process can reach its database."""
    try:
        async with request.app[DB].read() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready"
        log.warning("readiness check failed: %s", exc)
        return web.json_response({"status": "unavailable", "database": "down"}, status=503)
    return web.json_response({"status": "ok", "database": "up"})


def add_routes(app: web.Application) -> None:
    """Register /healthz and /readyz."""
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
