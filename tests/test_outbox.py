"""The outbox worker against a scripted robot: once only, resumable, rate-limited, backing off."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import ClientSession
from sqlalchemy import select

from bot.http import open_session
from bot.outbox.service import OutboxWorker
from core.messages import OutboundMessage
from core.settings import Settings, load_settings
from storage.db import Database
from storage.models import Outbox
from storage.repos import outbox, outbox_admin, outbox_queue
from tests.fakes.robot import FakeOutbound, RobotServer, TestClock

GROUP = "城区项目责任人群"


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
async def robot(clock: TestClock) -> AsyncIterator[RobotServer]:
    async with RobotServer(clock) as server:
        yield server


def settings_for(robot: RobotServer, groups: int = 1, **outbox_keys: Any) -> Settings:
    entries = [
        {"name": GROUP if n == 0 else f"群{n}", "platform": "wecom", "role": "owners",
         "webhook": robot.webhook(f"k{n}")}
        for n in range(groups)
    ]  # fmt: skip
    keys = {"max_attempts": 3, "backoff_base_seconds": 10.0, **outbox_keys}
    return load_settings(None, groups=entries, outbox=keys)


def make_worker(
    db: Database, settings: Settings, http: ClientSession, clock: TestClock
) -> OutboxWorker:
    return OutboxWorker(db, settings, http, {"wecom": FakeOutbound()}, clock)


async def enqueue(db: Database, clock: TestClock, texts: list[str], to: str = GROUP) -> None:
    async with db.write() as session:
        for text in texts:
            await outbox.enqueue(
                session,
                key=f"{to}:{text}",
                platform="wecom",
                destination=to,
                payload=OutboundMessage(text=text).model_dump(mode="json"),
                now=clock.now(),
            )


async def rows(db: Database) -> list[Outbox]:
    async with db.read() as session:
        return list((await session.execute(select(Outbox).order_by(Outbox.id))).scalars())


async def test_each_push_is_delivered_once(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, ["第一条", "第二条", "第三条"])
    await enqueue(db, clock, ["第二条"])  # the same idempotency key again

    assert await worker.run_once() == 3
    assert await worker.run_once() == 0
    assert robot.delivered() == ["第一条", "第二条", "第三条"]
    states = [(r.status, r.parts_sent, r.last_error) for r in await rows(db)]
    assert states == [("sent", 1, None)] * 3


async def test_failed_part_is_resumed_without_repeating_earlier_parts(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, ["甲段\n\n乙段\n\n丙段"])
    robot.script(0, -1)  # the second part meets "system busy"

    assert await worker.run_once() == 1
    [row] = await rows(db)
    assert (row.status, row.parts_sent, row.attempts) == ("pending", 1, 1)
    assert "-1" in (row.last_error or "")

    clock.advance(10)
    assert await worker.run_once() == 2
    assert robot.delivered() == ["甲段", "乙段", "丙段"]
    assert robot.arrived() == ["甲段", "乙段", "乙段", "丙段"]
    [row] = await rows(db)
    assert (row.status, row.parts_sent) == ("sent", 3)


async def test_twenty_per_minute_per_robot(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, [f"消息{n}" for n in range(25)])

    assert await worker.run_once() == 20
    clock.advance(30)
    assert await worker.run_once() == 0
    clock.advance(30)
    assert await worker.run_once() == 5
    assert robot.delivered() == [f"消息{n}" for n in range(25)]
    assert robot.rejected(45009) == 0


async def test_rate_limit_answer_holds_back_the_whole_robot(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, ["一", "二", "三"])
    robot.script(45009)
    start = clock.now()

    assert await worker.run_once() == 0
    assert len(robot.received) == 1  # the others were not tried against a throttled robot
    first, *others = await rows(db)
    assert first.attempts == 1 and "45009" in (first.last_error or "")
    assert all(r.next_try_at >= start + timedelta(seconds=60) for r in [first, *others])

    clock.advance(30)
    assert await worker.run_once() == 0
    clock.advance(30)
    assert await worker.run_once() == 3
    assert robot.delivered() == ["一", "二", "三"]


async def test_permanent_error_fails_at_once_with_the_reason(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, ["群机器人已被移除"])
    robot.script(93000)

    await worker.run_once()
    clock.advance(86400)
    await worker.run_once()
    [row] = await rows(db)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "93000" in (row.last_error or "")
    assert len(robot.received) == 1


async def test_network_errors_back_off_then_fail(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = settings_for(robot)
    settings.groups[0].webhook = "http://127.0.0.1:9/send?key=k0"  # nothing listens on port 9
    worker = make_worker(db, settings, http, clock)
    await enqueue(db, clock, ["网络不通"])

    waits = []
    for _ in range(2):
        await worker.run_once()
        [row] = await rows(db)
        waits.append((row.next_try_at - clock.now()).total_seconds())
        clock.advance(waits[-1])
    await worker.run_once()
    [row] = await rows(db)
    assert waits == [10.0, 20.0]
    assert (row.status, row.attempts) == ("failed", 3)
    assert "网络错误" in (row.last_error or "")


async def test_push_to_an_unconfigured_group_fails_with_its_name(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    worker = make_worker(db, settings_for(robot), http, clock)
    await enqueue(db, clock, ["发给已删除的群"], to="已撤销的群")

    await worker.run_once()
    [row] = await rows(db)
    assert row.status == "failed" and "已撤销的群" in (row.last_error or "")
    assert robot.received == []


async def test_stopped_mid_queue_then_restarted_delivers_each_once(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = settings_for(robot)
    texts = [f"第{n}条" for n in range(6)]
    await enqueue(db, clock, texts)
    robot.delay = 0.2
    task = asyncio.create_task(
        make_worker(db, settings, http, clock).run_forever(asyncio.Event(), 0.01)
    )
    await robot.wait_until(lambda: len(robot.received) >= 3)
    task.cancel()  # while the robot is still answering the third request
    with pytest.raises(asyncio.CancelledError):
        await task

    after_stop = await rows(db)
    assert sum(r.status == "sent" for r in after_stop) == len(robot.received)
    assert {r.status for r in after_stop} <= {"sent", "pending"}  # nothing left reserved

    robot.delay = 0
    await make_worker(db, settings, http, clock).run_once()
    assert robot.arrived() == texts


async def test_request_cut_by_a_crash_is_reported_not_resent(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = settings_for(robot)
    await enqueue(db, clock, ["在途", "已领取"])
    lease = clock.now() + timedelta(seconds=120)
    async with db.write() as session:  # a worker claims both and dies mid-request on the first
        in_flight, _ = await outbox_queue.claim(session, clock.now(), lease, 10)
        await outbox_queue.start_request(session, in_flight, lease)

    clock.advance(60)
    assert await make_worker(db, settings, http, clock).run_once() == 0  # still leased
    clock.advance(61)
    assert await make_worker(db, settings, http, clock).run_once() == 1
    cut, claimed = await rows(db)
    assert cut.status == "failed" and "无法确认" in (cut.last_error or "")
    assert claimed.status == "sent"
    assert robot.delivered() == ["已领取"]


async def test_two_workers_share_one_robot_limit(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = settings_for(robot)
    await enqueue(db, clock, [f"消息{n}" for n in range(25)])
    robot.delay = 0.01
    other_db = Database(db.url)  # as another process would: its own connections
    try:
        workers = [
            make_worker(db, settings, http, clock),
            make_worker(other_db, settings, http, clock),
        ]
        for _ in range(3):
            await asyncio.gather(*(w.run_once() for w in workers))
        assert len(robot.delivered()) == 20
        clock.advance(60)
        for _ in range(3):
            await asyncio.gather(*(w.run_once() for w in workers))
    finally:
        await other_db.dispose()
    assert sorted(robot.delivered()) == sorted(f"消息{n}" for n in range(25))
    assert robot.rejected(45009) == 0


async def test_two_workers_share_the_queue_without_double_sends(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = settings_for(robot, groups=3, batch_size=4)
    for n in range(3):
        await enqueue(db, clock, [f"群{n}-{i}" for i in range(12)], to=settings.groups[n].name)
    robot.delay = 0.005
    other_db = Database(db.url)
    try:
        workers = [make_worker(d, settings, http, clock) for d in (db, other_db)]
        while any(r.status != "sent" for r in await rows(db)):
            await asyncio.gather(*(w.run_once() for w in workers))
    finally:
        await other_db.dispose()
    assert len(robot.received) == 36
    assert sorted(robot.delivered()) == sorted(f"群{n}-{i}" for n in range(3) for i in range(12))


def shared_robot(robot: RobotServer, groups: int, **outbox_keys: Any) -> Settings:
    """`groups` groups whose webhooks are one robot (as offices often configure it)."""
    settings = settings_for(robot, groups=groups, **outbox_keys)
    for group in settings.groups:
        group.webhook = robot.webhook("k0")
    return settings


async def test_groups_sharing_a_robot_share_its_limit_across_processes(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = shared_robot(robot, groups=2, batch_size=11)
    for group in settings.groups:
        await enqueue(db, clock, [f"{group.name}-{n}" for n in range(11)], to=group.name)
    robot.delay = 0.005
    other_db = Database(db.url)  # as another process would: its own connections
    try:
        workers = [make_worker(d, settings, http, clock) for d in (db, other_db)]
        for _ in range(3):
            await asyncio.gather(*(w.run_once() for w in workers))
        assert len(robot.delivered("k0")) == 20
        clock.advance(60)
        await asyncio.gather(*(w.run_once() for w in workers))
    finally:
        await other_db.dispose()
    assert len(robot.delivered("k0")) == 22
    assert robot.rejected(45009) == 0


async def test_a_robots_pause_holds_for_every_process_and_for_pushes_queued_later(
    db: Database, robot: RobotServer, http: ClientSession, clock: TestClock
) -> None:
    settings = shared_robot(robot, groups=2)
    first, second = (group.name for group in settings.groups)
    await enqueue(db, clock, ["被限流的一条"], to=first)
    robot.script(45009)
    assert await make_worker(db, settings, http, clock).run_once() == 0

    clock.advance(4)
    await enqueue(db, clock, ["之后才排队的一条"], to=second)
    other_db = Database(db.url)
    try:
        other = make_worker(other_db, settings, http, clock)  # a fresh process knows nothing
        assert await other.run_once() == 0
        assert len(robot.received) == 1
        clock.advance(56)
        assert await other.run_once() == 2
    finally:
        await other_db.dispose()
    assert robot.delivered("k0") == ["被限流的一条", "之后才排队的一条"]


async def test_a_request_that_timed_out_is_uncertain_not_resent_and_retried_by_hand(
    db: Database, robot: RobotServer, clock: TestClock
) -> None:
    settings = settings_for(robot, request_timeout_seconds=0.2, lease_seconds=10)
    await enqueue(db, clock, ["慢回答的机器人"])
    robot.delay = 1.0  # it takes the push, then answers after our timeout
    async with open_session(settings) as http:
        await make_worker(db, settings, http, clock).run_once()
        [row] = await rows(db)
        assert row.status == "failed"
        assert "可能已送达" in (row.last_error or "")
        assert "outbox retry" in (row.last_error or "")
        clock.advance(86400)
        await make_worker(db, settings, http, clock).run_once()
        assert robot.arrived() == ["慢回答的机器人"]  # never resent by itself

        robot.delay = 0
        async with db.write() as session:
            assert await outbox_admin.retry_failed(session, clock.now()) == [row.id]
        await make_worker(db, settings, http, clock).run_once()
    assert robot.arrived() == ["慢回答的机器人", "慢回答的机器人"]
    [row] = await rows(db)
    assert row.status == "sent"
