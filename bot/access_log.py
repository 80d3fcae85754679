"""The HTTP access log: who asked for which path, the status and the time, without the query.

A query string can carry a credential (a signed dashboard link, a callback's echo string);
the path, method and status are what an office needs to follow the traffic.
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
            request.path,
            response.status,
            time,
        )
