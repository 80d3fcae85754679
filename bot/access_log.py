"""The HTTP access log: who asked for which path, the status and the time, without the query.

A query string can carry a credential (a callback's echo string), and so can a path: a personal
dashboard link (`/dashboard/l/{token}`) is written with its token as ***. The path, method and
status are what an office needs to follow the traffic.

A request aiohttp cannot parse (raw UTF-8 in the request line, an oversized header) is answered
400 by aiohttp itself, which also logs it as an ERROR with a traceback; the access line already
says it, so that record is dropped and the refusal stays one line. The same error raised inside
a handler (a multipart part header it could not read) is a 500, and is never hidden.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import BadHttpMessage
from aiohttp.web import Application, BaseRequest, Request, StreamResponse

from domain.text import printable

_APP_HANDLER = Application._handle.__code__


class PathAccessLogger(AbstractAccessLogger):
    """`127.0.0.1 "POST /callback/wecom/wx" 200 0.004s`."""

    def __init__(self, logger: logging.Logger, log_format: str) -> None:
        super().__init__(logger, log_format)
        _quiet_refused_requests(logging.getLogger("aiohttp.server"))

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        """One line per request."""
        self.logger.info(
            '%s "%s %s" %s %.3fs',
            request.remote,
            request.method,
            _path(request),
            response.status,
            time,
        )


def _path(request: BaseRequest) -> str:
    """The path, with any `{token}` part of its route masked, and control characters escaped
    (a decoded `%0A` would start a forged line of its own)."""
    token = _token(request)
    return printable(request.path.replace(token, "***") if token else request.path)


def _token(request: BaseRequest) -> str | None:
    """The `{token}` of the route the request matched, if any. A request aiohttp refused before
    routing (a malformed request line, answered 400 by aiohttp itself) matched none: its
    `match_info` asserts it was set, so it is read only where routing happened."""
    if not isinstance(request, Request):
        return None
    try:
        info = request.match_info
    except AssertionError:  # never routed; with `python -O` the property returns None instead
        return None
    return info.get("token") if info is not None else None


class _RefusedRequestFilter(logging.Filter):
    """Drops aiohttp's `Error handling request` for a request it could not parse (a 400)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc: Any = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, BadHttpMessage) or _in_handler(exc)


def _in_handler(exc: BaseException) -> bool:
    """Whether `exc` was raised under the application's handler (answered 500), not by the
    request parser before any handler ran (answered 400)."""
    return any(frame.f_code is _APP_HANDLER for frame, _ in traceback.walk_tb(exc.__traceback__))


def _quiet_refused_requests(server_logger: logging.Logger) -> None:
    """Add the filter once (an access logger is made for every connection)."""
    if not any(isinstance(f, _RefusedRequestFilter) for f in server_logger.filters):
        server_logger.addFilter(_RefusedRequestFilter())
