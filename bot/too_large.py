"""A request body past its limit is refused with 413 in Chinese, the way every other refusal
reads: aiohttp's own answer ("Maximum request body size … exceeded.") is English."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.keys import RENDERER, SETTINGS
from domain.text import printable

log = logging.getLogger(__name__)


def size_text(size: int) -> str:
    """A byte count as people write a file's size: 1MB, 128KB, 20MB."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)}MB"
    if size >= 1024:
        return f"{size // 1024}KB"
    return f"{size}字节"


def too_large(limit: int) -> str:
    """What a client is told of a body past `limit` bytes."""
    return f"提交的内容超过 {size_text(limit)} 上限，未处理"


@web.middleware
async def explain_too_large(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer aiohttp's 413 (a body past `server.client_max_size`) in Chinese: a page on the
    dashboard, JSON elsewhere (the local adapter and the API answer JSON)."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        limit = request.app[SETTINGS].server.client_max_size  # what aiohttp checked against
        log.warning("refused %s %s: body over %d bytes", request.method,
                    printable(request.path)[:120], limit)  # fmt: skip
        if request.path.startswith("/dashboard"):
            # the dashboard's refusal page, drawn here: bot.dashboard reads bounds, which read us
            message = f"{too_large(limit)}，请返回重试"
            data = {"status": 413, "message": message, "title": "看板", "screen": False}
            html = request.app[RENDERER].page("dashboard/refused", data)
            return web.Response(text=html, status=413, content_type="text/html")
        return web.json_response({"error": too_large(limit)}, status=413)
