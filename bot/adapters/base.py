"""What every platform adapter provides: a callback view and an outbound sender."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import ClientSession, web

from core.messages import OutboundMessage
from core.settings import BotSettings


@dataclass(frozen=True)
class PushTarget:
    """A group robot to push to (from a [[groups]] entry)."""

    platform: str
    name: str
    webhook: str
    secret: str | None = None


class SendError(Exception):
    """A push failed; `retryable` says whether trying again later can help.

    `uncertain`: the request left but no answer came back, so the platform may have it;
    sending it again could deliver it twice.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        code: int | str | None = None,
        uncertain: bool = False,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.code = code
        self.uncertain = uncertain


class Outbound(Protocol):
    """One platform's robot pushes: render and split a message, send one request body."""

    platform: str
    max_per_minute: int
    max_per_second: int | None

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """Request bodies for `message` in the platform's dialect, split under its size limits."""
        ...

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the robot; raise SendError on any failure."""
        ...


Callback = Callable[[web.Request, BotSettings], Awaitable[web.StreamResponse]]
"""A platform's callback view: verify, parse, answer through bot.inbound.handle_message."""
