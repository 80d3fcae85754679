"""A client that closes the connection before its request has been read (a body cut short) has
nobody left to answer: one warning line, not an ERROR with a traceback and a 500 access line."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from domain.text import printable

log = logging.getLogger(__name__)


@web.middleware
async def forgive_gone_clients(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Catch the `Connection lost` reading a body raises once its client has hung up."""
    try:
        return await handler(request)
    except ConnectionResetError as exc:
        if request.transport is not None and not request.transport.is_closing():
            raise  # the client is still there: something else broke
        log.warning(
            "%s %s: the client closed the connection before its request was read (%s)",
            request.method, printable(request.path)[:120], exc,
        )  # fmt: skip
        return web.Response(status=400)  # never sent; the access line says what became of it
