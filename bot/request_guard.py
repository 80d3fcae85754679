"""Refuse a request whose path or query holds characters no database takes (NUL, lone
surrogates, other controls): a read would pass them to a query, and PostgreSQL fails on NUL."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from domain.text import printable, storable

log = logging.getLogger(__name__)


@web.middleware
async def refuse_unstorable(request: web.Request, handler: Handler) -> web.StreamResponse:
    """400 for a request any of whose path or query characters `storable` would remove."""
    parts = [request.path, *request.query.keys(), *request.query.values()]
    if any(storable(part) != part for part in parts):
        log.warning("refused %s %r: control characters in the path or query", request.method,
                    printable(request.path)[:120])  # fmt: skip
        return web.json_response({"error": "请求的地址中含有无法处理的字符"}, status=400)
    return await handler(request)
