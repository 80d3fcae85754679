"""The HTTP access log: who asked for which path, the status and the time, without the query.

A query string can carry a credential (a callback's echo string), and so can a path: a personal
dashboard link (`/dashboard/l/{token}`) is written with its token as ***. The path, method and
status are what an office needs to follow the traffic.
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse


class PathAccessLogger(AbstractAccessLogger):
    """`127.0.0.1 "POST /callback/wecom/wx" 200 0.004s`."""

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
    """The path, with any `{token}` part of its route masked."""
    info = getattr(request, "match_info", None)
    token = info.get("token") if info is not None else None
    return request.path.replace(token, "***") if token else request.path
