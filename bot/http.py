"""The app's one outbound HTTP session: the request timeout, the proxy, the send trace.

Pushes, replies, token fetches and long connections all go through it, so `[server] proxy`
(or, unset, the usual HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables, through aiohttp's
`trust_env`) and `outbox.request_timeout_seconds` hold for every outbound call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import ClientSession, ClientTimeout, web

from bot.adapters.transport import trace_config
from bot.keys import HTTP, SETTINGS
from core.settings import Settings


def open_session(settings: Settings) -> ClientSession:
    """A client session for `settings`: its timeout and proxy, and the trace that sorts failures."""
    return ClientSession(
        timeout=ClientTimeout(total=settings.outbox.request_timeout_seconds),
        proxy=settings.server.proxy,
        trust_env=True,
        trace_configs=[trace_config()],
    )


async def http_session(app: web.Application) -> AsyncIterator[None]:
    """Open app[HTTP] for the app's lifetime (a cleanup context)."""
    async with open_session(app[SETTINGS]) as http:
        app[HTTP] = http
        yield
