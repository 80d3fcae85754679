"""One POST for every adapter: network failures sorted into "never sent" and "maybe delivered".

A request that failed before its headers left (connection refused, proxy refused, DNS, connect
timeout) reached nobody and may be tried again. One that failed afterwards (no answer in time,
connection dropped) may have been delivered: it is `uncertain`, never resent automatically.
The app's session carries `TRACE`, which records the moment the headers are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

from aiohttp import (
    ClientConnectorError,
    ClientError,
    ClientHttpProxyError,
    ClientSession,
    ConnectionTimeoutError,
    TraceConfig,
    TraceRequestHeadersSentParams,
    TraceRequestStartParams,
)

from bot.adapters.base import SendError

JSON = {"Content-Type": "application/json; charset=utf-8"}
NOT_SENT = (ClientConnectorError, ClientHttpProxyError, ConnectionTimeoutError)


@dataclass
class Progress:
    """How far one request got: `traced` once the session reports on it at all."""

    traced: bool = False
    sent: bool = False


async def _started(_: ClientSession, ctx: SimpleNamespace, __: TraceRequestStartParams) -> None:
    if isinstance(ctx.trace_request_ctx, Progress):
        ctx.trace_request_ctx.traced = True


async def _sent(_: ClientSession, ctx: SimpleNamespace, __: TraceRequestHeadersSentParams) -> None:
    if isinstance(ctx.trace_request_ctx, Progress):
        ctx.trace_request_ctx.sent = True


def trace_config() -> TraceConfig:
    """The trace every outbound session carries, so failures can be sorted."""
    trace = TraceConfig()
    trace.on_request_start.append(_started)
    trace.on_request_headers_sent.append(_sent)
    return trace


async def post(
    http: ClientSession, url: str, data: bytes | str, headers: dict[str, str] | None = None
) -> tuple[int, str, Mapping[str, str]]:
    """POST `data`; the answer's status, text and headers, or SendError on a network failure."""
    progress = Progress()
    try:
        async with http.post(
            url, data=data, headers={**JSON, **(headers or {})}, trace_request_ctx=progress
        ) as response:
            return response.status, await response.text(), response.headers
    except (ClientError, TimeoutError) as exc:
        raise network_error(exc, progress) from exc


def network_error(exc: BaseException, progress: Progress) -> SendError:
    """The SendError for a failed request: retryable if it never left, else uncertain."""
    never_sent = isinstance(exc, NOT_SENT) or (progress.traced and not progress.sent)
    what = type(exc).__name__
    if never_sent:
        return SendError(f"无法连接平台（{what}）", retryable=True)
    return SendError(f"平台未在时限内应答（{what}），可能已送达", retryable=False, uncertain=True)
