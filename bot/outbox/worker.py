"""The outbox worker: claims due pushes, sends them within each robot's limit, records outcomes.

Delivery is at most once per request body: a body is marked in flight before it is sent and
counted (`parts_sent`) right after, so a restart resumes after the last counted body. A body
whose worker died mid-request is not sent again but marked failed with the reason (see
storage.repos.outbox_queue). A stopped (cancelled) worker lets the request in flight finish
and be recorded, and gives its other claimed rows back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import ClientError, ClientSession
from pydantic import ValidationError

from bot.adapters.base import Outbound, PushTarget, SendError
from bot.adapters.transport import Progress, network_error
from bot.outbox.limits import WINDOW, RateWindow, backoff_seconds
from core.direct import parse_person
from core.messages import OutboundMessage
from core.settings import GroupSettings, Settings
from storage.db import Database
from storage.repos import outbox_queue as queue
from storage.repos import robots
from storage.repos.outbox_queue import Claim
from storage.repos.robots import robot_key

log = logging.getLogger(__name__)
NETWORK_ERRORS = (ClientError, TimeoutError, OSError)
# Webhook keys and tokens are credentials: keep them out of last_error and the logs.
_CREDENTIAL = re.compile(r"((?:key|access_token|sign|timestamp)=|/hook/)[^&\s'\"/)]+")


class Now(Protocol):
    """Anything that tells the time (domain.clock.Clock, or a test's adjustable clock)."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


@dataclass(frozen=True)
class Route:
    """Where a destination's pushes go: its adapter, robot and every group sharing the robot."""

    outbound: Outbound
    target: PushTarget
    destinations: tuple[str, ...]

    @property
    def robot(self) -> str:
        """The robot's key in the database (pauses, busy robots)."""
        return robot_key(self.target.webhook)


class OutboxWorker:
    """Delivers queued pushes through the platform adapters; several may share one database."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        http: ClientSession,
        outbounds: Mapping[str, Outbound],
        clock: Now,
        directs: Mapping[str, Outbound] | None = None,
    ) -> None:
        self.db, self.http, self.clock = db, http, clock
        self.config = settings.outbox
        self.window = RateWindow()
        self._routes = {g.name: _route(g, settings.groups, outbounds) for g in settings.groups}
        self._directs = dict(directs or {})
        """1:1 senders by bot name (core.direct destinations)."""
        self._robot_of = {n: r.robot for n, r in self._routes.items() if isinstance(r, Route)}
        self._in_flight: set[asyncio.Task[Any]] = set()

    async def run_once(self) -> int:
        """Deliver what is due now; return how many request bodies were delivered."""
        return (await self._cycle())[1]

    async def run_forever(self, stop: asyncio.Event, interval: float) -> None:
        """Run until `stop` is set, pausing `interval` seconds whenever the queue is drained."""
        while not stop.is_set():
            claimed = 0
            try:
                claimed, _ = await self._cycle()
            except Exception:
                log.exception("outbox: delivery round failed; trying again in %s s", interval)
            if claimed < self.config.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)

    async def _cycle(self) -> tuple[int, int]:
        now = self.clock.now()
        async with self.db.read() as session:
            if not await queue.has_due(session, now):
                return 0, 0
        async with self.db.write() as session:
            claims = await queue.claim(
                session, now, self._lease(now), self.config.batch_size, self._robot_of
            )
        if not claims:
            return 0, 0
        try:
            return len(claims), await self._deliver_all(claims)
        except BaseException:
            await asyncio.shield(self._unclaim(claims))
            raise

    async def _deliver_all(self, claims: list[Claim]) -> int:
        robots: dict[str, tuple[Route, list[Claim]]] = {}
        for claim in claims:
            route = self._routes.get(claim.destination) or self._direct(claim.destination)
            if isinstance(route, str):
                await self._fail(claim, route)
            elif route.target.platform != claim.platform:
                configured = route.target.platform
                await self._fail(claim, f"群“{claim.destination}”现配置为 {configured} 平台")
            else:
                robots.setdefault(route.target.webhook, (route, []))[1].append(claim)
        # Robots are independent: a slow one must not hold back the others.
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(self._drain(*pair)) for pair in robots.values()]
        return sum(task.result() for task in tasks)

    def _direct(self, destination: str) -> Route | str:
        """The route of a 1:1 destination (`@bot/account`), rated per app; else why none."""
        person = parse_person(destination)
        if person is None:
            return _missing(destination)
        bot, account = person
        sender = self._directs.get(bot)
        if sender is None:
            return f"机器人“{bot}”没有配置为发送 1:1 消息（[[bots]] direct = true）"
        target = PushTarget(sender.platform, account, f"app:{bot}")
        return Route(sender, target, (destination,))

    async def _drain(self, route: Route, claims: Sequence[Claim]) -> int:
        now = self.clock.now()
        async with self.db.read() as session:
            sent = await queue.recent_parts(session, route.destinations, now - WINDOW)
        self.window.seed(route.target.webhook, sent)
        delivered = 0
        for claim in claims:
            delivered += await self._deliver(route, claim)
        return delivered

    async def _deliver(self, route: Route, claim: Claim) -> int:
        try:
            bodies = route.outbound.payloads(OutboundMessage.model_validate(claim.payload))
        except (ValidationError, ValueError) as exc:
            await self._fail(claim, f"消息无法转换为 {claim.platform} 格式：{exc}")
            return 0
        if not bodies:
            await self._fail(claim, "消息为空，没有可发送的内容")
            return 0
        first = claim.parts_sent
        if first >= len(bodies):  # the adapter now splits it into fewer parts than were sent
            await self._write(queue.mark_sent, claim, self.clock.now())
            return 0
        while claim.parts_sent < len(bodies):
            now = self.clock.now()
            free = self.window.free_at(
                route.target.webhook,
                now,
                route.outbound.max_per_minute,
                # Feishu also limits bursts (5/s); the Outbound protocol may grow this attribute.
                route.outbound.max_per_second,
            )
            if free > now:
                await self._write(queue.release, claim, free)
                break
            if not await self._write(queue.start_request, claim, self._lease(now)):
                log.warning("outbox: row %s was taken over after its lease ran out", claim.id)
                break
            body, last = bodies[claim.parts_sent], claim.parts_sent == len(bodies) - 1
            if not await self._finish_even_if_stopped(self._request(route, claim, body, last)):
                break
        return claim.parts_sent - first

    async def _request(self, route: Route, claim: Claim, body: dict[str, Any], last: bool) -> bool:
        """Send one body and record the outcome; True when it was delivered and counted."""
        try:
            # Signatures must carry the real time, whatever the business clock says.
            await route.outbound.send(self.http, route.target, body, int(time.time() * 1000))
        except SendError as exc:
            reason = f"[{exc.code}] {exc}" if exc.code is not None else str(exc)
            if exc.uncertain:
                await self._uncertain(route, claim, reason)
            else:
                await self._after_error(route, claim, reason, exc.retryable, exc.retry_after)
            return False
        except NETWORK_ERRORS as exc:  # an adapter that let a network error through
            error = network_error(exc, Progress())
            if error.uncertain:
                await self._uncertain(route, claim, f"网络错误：{error}")
            else:
                await self._after_error(route, claim, f"网络错误：{error}", True, None)
            return False
        now = self.clock.now()
        self.window.record(route.target.webhook, now)
        if await self._write(queue.part_sent, claim, now, self._lease(now), last=last):
            return True
        log.error("outbox: row %s: a part was delivered but its lease was lost", claim.id)
        return False

    async def _after_error(
        self, route: Route, claim: Claim, reason: str, retryable: bool, retry_after: float | None
    ) -> None:
        reason = _CREDENTIAL.sub(r"\1***", reason)
        attempts = claim.attempts + 1
        if not retryable:
            await self._fail(claim, reason, attempts)
            return
        if attempts >= self.config.max_attempts:
            await self._fail(claim, f"已尝试 {attempts} 次仍未送达：{reason}", attempts)
            return
        config = self.config
        delay = backoff_seconds(
            attempts, config.backoff_base_seconds, config.backoff_cap_seconds, retry_after
        )
        until = self.clock.now() + timedelta(seconds=delay)
        log.warning("outbox: row %s: %s; next try at %s", claim.id, reason, until)
        async with self.db.write() as session:
            await queue.release(session, claim, until, attempts=attempts, error=reason)
            if retry_after is not None:
                # The robot itself asked us to wait: every process holds back everything for it,
                # rows queued later included, until the pause is over.
                self.window.pause(route.target.webhook, until)
                await robots.pause(session, route.robot, until, reason)
                await queue.hold_back(session, route.destinations, until)

    async def _uncertain(self, route: Route, claim: Claim, reason: str) -> None:
        # The platform may have it: count it against the robot's limit, never send it again.
        self.window.record(route.target.webhook, self.clock.now())
        reason = _CREDENTIAL.sub(r"\1***", reason)
        await self._fail(claim, f"{reason}；{queue.RETRY_BY_HAND}", claim.attempts + 1)

    async def _fail(self, claim: Claim, reason: str, attempts: int | None = None) -> None:
        log.warning("outbox: row %s to %s failed: %s", claim.id, claim.destination, reason)
        await self._write(queue.fail, claim, reason, attempts=attempts)

    async def _unclaim(self, claims: Sequence[Claim]) -> None:
        async with self.db.write() as session:
            await queue.unclaim(session, claims, self.clock.now())

    async def _write(self, action: Callable[..., Awaitable[bool]], *args: Any, **kw: Any) -> bool:
        async with self.db.write() as session:
            return await action(session, *args, **kw)

    async def _finish_even_if_stopped(self, step: Coroutine[Any, Any, bool]) -> bool:
        # Cancelling a request half-way would leave it neither delivered nor known to be lost.
        task = asyncio.create_task(step)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            await asyncio.wait([task])
            raise

    def _lease(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.config.lease_seconds)


def _missing(name: str) -> str:
    return f"配置中没有名为“{name}”的群（[[groups]] 的 name）"


def _route(
    group: GroupSettings, groups: Sequence[GroupSettings], outbounds: Mapping[str, Outbound]
) -> Route | str:
    outbound = outbounds.get(group.platform)
    if outbound is None:
        return f"没有 {group.platform} 平台的推送适配器"
    url = group.robot_url()
    if not url:
        return f"群“{group.name}”没有配置 webhook"
    secret = group.secret.get_secret_value() if group.secret else None
    target = PushTarget(group.platform, group.name, url, secret)
    sharing = tuple(g.name for g in groups if g.robot_url() == url)
    return Route(outbound, target, sharing)
