"""Two `diaodu serve` processes on one database: one leads, the other takes over when it dies.

Fake platforms on 127.0.0.1: the WeCom AI bot's long-connection gateway and group robots.
The leader holds the scheduler and the long connection; on kill -9 the other process takes
both over within ten seconds, no push is sent twice, no acknowledged message is lost. On
PostgreSQL a hung (SIGSTOPped) leader is replaced too, and steps down by itself when it wakes.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.clock import Clock
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Inbound, Outbox
from storage.repos import outbox
from storage.repos.outbox_queue import RETRY_BY_HAND
from tests.fakes.wecom_server import WeComServer
from tests.fakes.wecom_ws_server import WeComGateway
from tests.support.payloads import payload
from tests.support.processes import ServeProcess, free_port

GROUPS = [("责任人群", "robot-a"), ("领导群", "robot-b"), ("专班群", "robot-c")]
SCHEDULER = r"this process runs the scheduled jobs"
CONNECTION = r"longconn-wxl: this process holds it"
STANDBY = r"standing by"


@dataclass
class Site:
    """The fakes and the shared database two processes are started against."""

    url: str
    gateway: WeComGateway
    robots: WeComServer
    folder: Path

    def config(self, name: str, port: int) -> Path:
        """A config file for one process (they differ only in their port)."""
        origin = self.gateway.url.replace("ws://", "http://").rstrip("/")
        groups = "\n".join(
            f'[[groups]]\nname = "{group}"\nplatform = "wecom"\nrole = "owners"\n'
            f'webhook = "{key}"\napi_base = "{self.robots.base_url}"\n'
            for group, key in GROUPS
        )
        text = f"""
[server]
port = {port}
leader_timeout_seconds = 4
[database]
url = "{self.url}"
[outbox]
interval_seconds = 0.2
lease_seconds = 3.0
request_timeout_seconds = 1.0
[[bots]]
name = "wxl"
platform = "wecom"
kind = "aibot"
mode = "longconn"
app_key = "aibot-id"
app_secret = "aibot-secret-0123456789"
api_base = "{origin}"
{groups}
"""
        path = self.folder / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    async def serve(self, name: str) -> ServeProcess:
        """Start one `diaodu serve` on a port of its own (as behind a load balancer)."""
        port = free_port()
        return await ServeProcess(name, self.config(name, port), port).start()


@pytest.fixture
async def site(db_url: str, tmp_path: Path) -> AsyncIterator[Site]:
    db = Database(db_url)
    await upgrade(db)
    await db.dispose()
    async with WeComGateway() as gateway, WeComServer(keys=tuple(k for _, k in GROUPS)) as robots:
        yield Site(db_url, gateway, robots, tmp_path)


@pytest.fixture
async def processes() -> AsyncIterator[list[ServeProcess]]:
    started: list[ServeProcess] = []
    yield started
    for process in started:
        await process.stop()


async def leader_and_standby(site: Site, started: list[ServeProcess]) -> tuple[ServeProcess, ...]:
    """Start the first process until it leads, then the second until it stands by for both."""
    first = await site.serve("first")
    started.append(first)
    await first.wait_for(SCHEDULER)
    await first.wait_for(CONNECTION)
    await site.gateway.wait_until(site.gateway.is_live)
    second = await site.serve("second")
    started.append(second)
    await second.wait_for(r"scheduler: standing by")
    await second.wait_for(r"longconn-wxl: standing by")
    return first, second


async def ask(gateway: WeComGateway, msgid: str) -> None:
    """A member writes to the AI bot over the long connection; wait for its answer."""
    body = payload("wecom", "aibot_text")
    del body["response_url"]
    body.update({"msgid": msgid, "aibotid": "aibot-id", "from": {"userid": "visitor"}})
    body["text"] = {"content": "/帮助"}
    req_id = await gateway.push(body)
    await gateway.wait_until(lambda: bool(gateway.answers(req_id)))


async def queue_pushes(url: str, per_group: int) -> None:
    """Pushes as a job queues them, a few for each group's robot."""
    db = Database(url)
    now = Clock().now()
    async with db.write() as session:
        for group, _ in GROUPS:
            for n in range(per_group):
                await outbox.enqueue(
                    session, key=f"failover:{group}:{n}", platform="wecom", destination=group,
                    payload={"text": f"{group} 第{n}条"}, now=now,
                )  # fmt: skip
    await db.dispose()


async def stored(url: str) -> tuple[list[Outbox], set[str]]:
    """Every outbox row, and the message ids of every stored inbound message."""
    db = Database(url)
    async with db.read() as session:
        rows = list((await session.execute(select(Outbox))).scalars())
        inbound = set((await session.execute(select(Inbound.platform_msg_id))).scalars())
    await db.dispose()
    return rows, inbound


async def settled(url: str) -> tuple[list[Outbox], set[str]]:
    """The rows once every push is sent or failed (another process's work: looked at, polled)."""
    async with asyncio.timeout(30):
        while True:
            rows, inbound = await stored(url)
            if all(row.status in ("sent", "failed") for row in rows):
                return rows, inbound
            await asyncio.sleep(0.2)


def received_texts(robots: WeComServer) -> list[str]:
    """Each push body that reached a robot (accepted or not), with the robot it reached: the
    same text to several robots is one push each (a job firing on the wall clock, such as
    Monday 09:00's reminder to every group), the same text to one robot twice is not."""
    texts = []
    for request in robots.received:
        body = request.body if isinstance(request.body, dict) else json.loads(request.body)
        texts.append(f"{request.key} {json.dumps(body, ensure_ascii=False, sort_keys=True)}")
    return texts


async def test_kill_9_of_the_leader_hands_jobs_and_the_connection_over(
    site: Site, processes: list[ServeProcess]
) -> None:
    first, second = await leader_and_standby(site, processes)
    await ask(site.gateway, "before")
    site.robots.delay = 0.2  # slow robots: the kill lands while pushes are in flight
    await queue_pushes(site.url, per_group=6)
    await site.robots.wait_until(lambda: len(site.robots.received) >= 3)
    mark = len(second.lines)
    first.signal(signal.SIGKILL)

    # The long connection and the scheduler move within ten seconds.
    await second.wait_for(CONNECTION, within=10, since=mark)
    await second.wait_for(SCHEDULER, within=10, since=mark)
    await site.gateway.wait_until(lambda: len(site.gateway.subscribed) == 2)
    await ask(site.gateway, "after")

    site.robots.delay = 0
    rows, inbound = await settled(site.url)
    texts = received_texts(site.robots)
    assert max(Counter(texts).values()) == 1, "a push reached its robot twice"
    # a job firing on the wall clock meanwhile adds its own pushes; each is one push too
    cut = [row for row in rows if row.status == "failed"]
    assert all(RETRY_BY_HAND in (row.last_error or "") for row in cut), [r.last_error for r in cut]
    assert len(cut) <= len(GROUPS)  # at most the one request in flight per robot
    assert len([r for r in rows if r.idempotency_key.startswith("failover:")]) == 6 * len(GROUPS)
    assert {"before", "after"} <= inbound, second.log()


@pytest.mark.postgres
async def test_a_hung_leader_is_replaced_and_steps_down_when_it_wakes(
    site: Site, processes: list[ServeProcess]
) -> None:
    if site.url.startswith("sqlite"):
        pytest.skip("a stopped process keeps its flock: SQLite runs one live process")
    first, second = await leader_and_standby(site, processes)
    mark = len(second.lines)
    first.signal(signal.SIGSTOP)
    # each lock is lost after 15 s of silence; a loaded CI run has taken longer than 30 s
    await second.wait_for(CONNECTION, within=60, since=mark)
    await second.wait_for(SCHEDULER, within=60, since=mark)
    await site.gateway.wait_until(lambda: len(site.gateway.subscribed) == 2)
    await ask(site.gateway, "while-stopped")

    mark = len(first.lines)
    first.signal(signal.SIGCONT)
    await first.wait_for(r"longconn-wxl: standing by", within=30, since=mark)
    await first.wait_for(r"scheduler: standing by", within=30, since=mark)
    await ask(site.gateway, "after-wake")
    assert len(site.gateway.subscribed) == 2, "the woken process went back to the gateway"
    assert not first.said(r"job \w+ at .*pushes", since=mark), first.log()
    _, inbound = await stored(site.url)
    assert {"while-stopped", "after-wake"} <= inbound
