"""One holder per role among processes: PostgreSQL advisory lock, SQLite lock file, self-fencing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text

from domain.clock import parse_local_time
from scheduler.context import JobContext
from scheduler.election import Leadership, run_while_leader
from scheduler.pglock import AdvisoryLock
from scheduler.runner import SchedulerRunner
from storage.db import Database
from storage.models import Outbox


@pytest.fixture
async def two_processes(db_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two engines on one database, as two processes would hold them."""
    first, second = Database(db_url), Database(db_url)
    yield first, second
    await first.dispose()
    await second.dispose()


async def test_one_holder_per_role_and_fail_over_when_it_lets_go(
    two_processes: tuple[Database, Database],
) -> None:
    first_db, second_db = two_processes
    first, second = Leadership(first_db), Leadership(second_db)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        assert await first.still_leader()
        other_role = Leadership(second_db, "longconn-wx")
        assert await other_role.try_acquire()  # roles are elected separately
        await other_role.release()
        await first.release()  # the leader's process dies: its lock goes with it
        await asyncio.wait_for(second.wait_until_leader(retry_every=0.05), timeout=5)
        assert await second.still_leader()
        assert not await first.try_acquire()
    finally:
        await first.release()
        await second.release()


async def test_a_second_process_on_one_sqlite_file_says_it_is_standing_by(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    other = Database(sqlite_db.url)
    leader, standby = Leadership(sqlite_db), Leadership(other)
    try:
        assert await leader.try_acquire()
        with caplog.at_level(logging.INFO, "scheduler.election"):
            waiting = asyncio.create_task(standby.wait_until_leader(retry_every=0.05))
            await asyncio.sleep(0.2)
            assert not waiting.done()
            await leader.release()
            await asyncio.wait_for(waiting, timeout=5)
        [said] = [r.getMessage() for r in caplog.records if "standing by" in r.getMessage()]
        assert "app.db.scheduler.lock" in said
    finally:
        await leader.release()
        await standby.release()
        await other.dispose()


async def test_a_holder_that_cannot_confirm_in_time_stops_acting_and_lets_go(
    two_processes: tuple[Database, Database],
) -> None:
    first_db, second_db = two_processes
    stalled, waiting = Leadership(first_db, timeout=0.3), Leadership(second_db)
    try:
        assert await stalled.try_acquire()
        assert stalled.fresh()
        await asyncio.sleep(0.25)  # silent longer than its fence (two thirds of the timeout)
        assert not stalled.fresh()
        assert not await stalled.still_leader()
        assert await waiting.try_acquire()
    finally:
        await stalled.release()
        await waiting.release()


async def test_a_holder_stopped_inside_a_transaction_still_loses_the_lock(
    two_processes: tuple[Database, Database],
) -> None:
    first_db, second_db = two_processes
    if not first_db.url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's (SQLite's lock file goes with the process)")
    holder = AdvisoryLock(first_db, "scheduler", silence=1.0)
    standby = Leadership(second_db, timeout=1.0)
    try:
        assert await holder.acquire()
        # Stopped (SIGSTOP, a hung host) between a confirmation's SELECT and its COMMIT: the
        # session is left idle in a transaction, not idle, and must still end after the silence.
        assert holder._conn is not None
        await holder._conn.execute(text("SELECT 1"))
        await asyncio.wait_for(standby.wait_until_leader(retry_every=0.2), timeout=6)
    finally:
        await holder.release()
        await standby.release()


async def test_work_runs_in_one_process_at_a_time_and_moves_when_its_holder_dies(
    two_processes: tuple[Database, Database],
) -> None:
    running: list[int] = []
    started = asyncio.Event()

    async def work(number: int) -> None:
        running.append(number)
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            running.remove(number)

    processes = [
        asyncio.create_task(
            run_while_leader(Leadership(db), lambda n=n: work(n), f"work-{n}", check_every=0.05)
        )
        for n, db in enumerate(two_processes)
    ]
    try:
        await asyncio.wait_for(started.wait(), 5)
        await asyncio.sleep(0.3)
        [holder] = running
        started.clear()
        processes[holder].cancel()  # the holder dies
        await asyncio.wait_for(started.wait(), 5)
        assert running == [1 - holder]
    finally:
        for process in processes:
            process.cancel()
        await asyncio.gather(*processes, return_exceptions=True)


async def test_a_runner_that_cannot_confirm_its_lead_fires_no_job(ctx: JobContext) -> None:
    leadership = Leadership(ctx.db)  # never confirmed: as after waking from a long stop
    runner = SchedulerRunner(ctx, leadership, lambda: parse_local_time("2025-04-21 09:00"))
    await runner._fire("weekly_reminder")
    async with ctx.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Outbox))).scalar() == 0
    assert await leadership.try_acquire()
    await runner._fire("weekly_reminder")
    async with ctx.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Outbox))).scalar() == 1
    await leadership.release()
