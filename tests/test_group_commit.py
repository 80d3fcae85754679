"""Write jobs that arrive together share one transaction, each undone alone if it fails.

A job that raises after writing (a handler's bug after the report's row went in, a constraint
the database refuses) must leave nothing behind, wherever it stands in its batch, while the
jobs beside it are stored once and answered, committed together; on each configured backend,
with the statements the code runs in place.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.context import JobContext
from storage.db import Database
from storage.inline_session import change
from storage.migrate import upgrade
from storage.model_base import table_of
from storage.models import Inbound, Report
from storage.repos import inbound, report_writes
from storage.worker import DbWorker
from storage.writer import GroupWriter
from tests.support.inbound_rows import inbound_row
from tests.support.reports import add_report
from tests.support.seed import OWNER


class HandlerBug(Exception):
    """What a handler raises after it wrote."""


Seen = list[tuple[str, AsyncSession]]


def _storing(msg_id: str, *, then_fail: bool = False, seen: Seen | None = None) -> Any:
    async def job(session: AsyncSession) -> str:
        if seen is not None:
            seen.append((msg_id, session))
        await inbound.accept(session, inbound_row(msg_id))
        if then_fail:
            raise HandlerBug(msg_id)
        return msg_id

    return job


def _stored_twice(msg_id: str, seen: Seen) -> Any:
    """A job the database refuses half way: the same message inserted twice (on PostgreSQL the
    whole transaction is then aborted until it is rolled back)."""

    async def job(session: AsyncSession) -> str:
        seen.append((msg_id, session))
        row = inbound_row(msg_id)
        await change(session, insert(table_of(Inbound)), row)
        await change(session, insert(table_of(Inbound)), row)
        return msg_id

    return job


def _committed_together(seen: Seen, names: list[str]) -> bool:
    """Whether the last run of each named job was in one shared session (transaction)."""
    last = {name: session for name, session in seen}
    return len({id(last[name]) for name in names}) == 1


async def _held_open(session: AsyncSession) -> str:
    """A first batch kept open while the next jobs queue up behind it, as one batch."""
    await asyncio.sleep(0.3)
    return await _storing("first")(session)


async def _stored(db_url: str) -> list[str]:
    database = Database(db_url)
    try:
        async with database.read() as session:
            rows = (await session.execute(select(Inbound.platform_msg_id))).scalars()
            return sorted(rows)
    finally:
        await database.dispose()


@pytest.mark.parametrize("refused", [False, True], ids=["handler bug", "refused by the database"])
@pytest.mark.parametrize("failing", [0, 1, 2])
async def test_a_failing_job_is_undone_alone_wherever_it_stands_in_its_batch(
    db_url: str, failing: int, refused: bool
) -> None:
    database = Database(db_url)
    await upgrade(database)
    await database.dispose()
    writer = GroupWriter(DbWorker(db_url, name="test-writer"))
    names = ["a", "b", "c"]
    seen: Seen = []
    jobs = [
        (_stored_twice(n, seen) if refused else _storing(n, then_fail=True, seen=seen))
        if i == failing
        else _storing(n, seen=seen)
        for i, n in enumerate(names)
    ]
    try:
        first = asyncio.create_task(writer.run(_held_open))
        await asyncio.sleep(0.1)  # the first batch is open; the next three queue behind it
        outcomes = await asyncio.gather(*(writer.run(job) for job in jobs), return_exceptions=True)
        assert await first == "first"
    finally:
        await writer.close()
    assert isinstance(outcomes[failing], IntegrityError if refused else HandlerBug)
    assert [name for name, _ in seen].count(names[failing]) == 1  # not run again
    kept = [name for i, name in enumerate(names) if i != failing]
    assert [outcomes[i] for i in range(3) if i != failing] == kept
    assert _committed_together(seen, kept)  # one batch, not a job a transaction
    assert await _stored(db_url) == sorted(["first", *kept])


async def test_a_report_stored_after_one_undone_in_its_batch_is_shown_as_stored(
    backend_ctx: JobContext,
) -> None:
    # On SQLite the undone report's id is the next one's: what the next job is shown must be
    # its own report, not the undone one's figures held under that id.
    earlier_id = await add_report(backend_ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    columns = [column.key for column in Report.__table__.columns if column.key != "id"]

    seen: list[AsyncSession] = []

    def reporting(ytd_wan: int, *, then_fail: bool = False) -> Any:
        async def job(session: AsyncSession) -> tuple[int, int | None]:
            seen.append(session)
            earlier = await session.get_one(Report, earlier_id)
            values = {key: getattr(earlier, key) for key in columns}
            values["ytd_investment_yuan"] = ytd_wan * 10_000
            report = await report_writes.add(session, values)
            if then_fail:
                raise HandlerBug(str(report.id))
            return report.id, report.ytd_investment_yuan

        return job

    writer = GroupWriter(DbWorker(backend_ctx.db.url, name="test-writer"))
    try:
        first = asyncio.create_task(writer.run(_held_open))
        await asyncio.sleep(0.1)
        failed, (new_id, shown) = await asyncio.gather(
            writer.run(reporting(2_700, then_fail=True)),
            writer.run(reporting(2_800)),
            return_exceptions=True,
        )
        await first
    finally:
        await writer.close()
    assert len(seen) == 2  # each ran once
    assert isinstance(failed, HandlerBug)
    assert shown == 2_800 * 10_000
    async with backend_ctx.db.read() as session:
        stored = await session.get_one(Report, new_id)
        figures = (await session.execute(select(Report.ytd_investment_yuan))).scalars()
        assert stored.ytd_investment_yuan == 2_800 * 10_000
        assert 2_700 * 10_000 not in list(figures)
