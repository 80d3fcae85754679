"""Failures named for a log line or a stored reason, never with a URL, a header or a password.

aiohttp's errors print the request they belong to: its URL (a robot's key, a Stream ticket),
its headers (Proxy-Authorization) and the proxy's URL with its password. `describe` keeps the
kind of failure and the status, which is what an office needs to act on.
"""

from __future__ import annotations

from aiohttp import ClientConnectorError, ClientError, ClientResponseError


def describe(exc: BaseException) -> str:
    """`ClientHttpProxyError: HTTP 407 Proxy Authentication Required`, and the like."""
    if isinstance(exc, ClientResponseError):
        return f"{type(exc).__name__}: HTTP {exc.status} {exc.message}"
    if isinstance(exc, ClientConnectorError):
        why = exc.os_error.strerror or exc.os_error
        return f"{type(exc).__name__}: {exc.host}:{exc.port}: {why}"
    if isinstance(exc, ClientError):
        return type(exc).__name__
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
