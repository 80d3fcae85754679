"""Statements run on the driver directly (storage.prepared) answer what SQLAlchemy does.

The writer's and the readers' sessions run the statements built once that way, on sqlite3 and
on psycopg; everything else (and the web loop's own sessions) goes through SQLAlchemy. Both
must read the same facts, store the same values and fail the same way, on both databases, and
the ledger cache must still see every write to the ledger.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings.light_rules import light_rules
from domain.clock import parse_local_time
from scheduler.context import JobContext
from storage.db import Database
from storage.inline_session import InlineSession, change, fetch
from storage.model_base import table_of
from storage.models import (
    Inbound,
    Issue,
    LightRecord,
    Milestone,
    Project,
    Report,
)
from storage.prepared import prepared
from storage.repos import inbound, light_facts, report_writes
from storage.repos.issues import open_issue
from storage.repos.light_history import record_lights
from storage.repos.standing import Standing, standings
from storage.worker import DbWorker
from tests.support.leaves import add_leave
from tests.support.reports import add_report
from tests.support.seed import OWNER

APRIL_24 = parse_local_time("2025-04-24 09:00")


async def _in_worker(ctx: JobContext, work: Any) -> Any:
    """Run `work(session)` in a write session of a DbWorker on the same database (in place)."""
    worker = DbWorker(ctx.db.url, name="test-writer")
    try:

        async def job() -> Any:
            async with worker.database.write() as session:
                assert isinstance(session, InlineSession)
                return await work(session)

        return await worker.call(job())
    finally:
        await worker.close()


@pytest.fixture
def ctx(backend_ctx: JobContext) -> JobContext:
    """Every test here runs on SQLite and (when configured) PostgreSQL."""
    return backend_ctx


def _in_place_dialect(ctx: JobContext) -> Dialect:
    """The dialect a DbWorker's sessions run on, for this test's database."""
    return Database(ctx.db.url, inline=True).engine.sync_engine.dialect


async def _facts_of_every_kind(ctx: JobContext) -> None:
    """Reports (one corrected), an open milestone, an open issue and a leave."""
    await add_report(ctx.db, "P001", OWNER, "2025-04-09 10:00", 2_000)
    await add_report(ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    await add_report(ctx.db, "P004", OWNER, "2025-04-23 10:00", 200)
    await add_report(ctx.db, "P004", OWNER, "2025-04-23 11:00", 250)
    async with ctx.db.write() as session:
        plant = (await session.execute(select(Project).where(Project.code == "P002"))).scalar_one()
        session.add(Milestone(project_id=plant.id, name="环评批复", due_on=date(2025, 4, 20)))
        await add_leave(
            session, OWNER, date(2025, 4, 14), date(2025, 4, 20), asked="2025-04-10 10:00"
        )
        await open_issue(
            session,
            project_id=plant.id,
            text="临时用地未批",
            raised_by_id=None,
            at=parse_local_time("2025-04-11 10:00"),
        )


async def test_the_writer_reads_every_fact_as_sqlalchemy_does(ctx: JobContext) -> None:
    await _facts_of_every_kind(ctx)
    rules = light_rules(ctx.settings, ctx.calendar)

    async def stand(session: AsyncSession, ids: list[int] | None = None) -> list[Standing]:
        return await standings(session, APRIL_24, rules, project_ids=ids)

    async with ctx.db.read() as session:  # SQLAlchemy's own execution (aiosqlite, asyncpg)
        every = await stand(session)
    by_id = {row.project.id: row for row in every}
    one = next(row.project.id for row in every if row.project.code == "P002")

    async def in_place(session: AsyncSession) -> tuple[list[Standing], list[Standing]]:
        return await stand(session), await stand(session, [one])

    all_in_place, one_in_place = await _in_worker(ctx, in_place)
    assert all_in_place == every
    assert one_in_place == [by_id[one]]
    # what the comparison covers: each fact of the standing, red milestone and issue included
    p002 = by_id[one]
    assert p002.open_issues == 1
    assert any("环评批复" in reason.text for reason in p002.light.reasons)
    assert [row.ytd_done for row in every if row.project.code == "P004"] == [250 * 10_000]
    dialect = _in_place_dialect(ctx)

    async def together(session: AsyncSession) -> bool:
        assert isinstance(session, InlineSession)
        reads = [(light_facts._projects("one"), {"one_id": one, "year": 2025})] * 2
        return session.run_prepared_together(reads) is not None

    # PostgreSQL's six reads of a standing go in one round trip (SQLite has none to save)
    assert await _in_worker(ctx, together) == (dialect.name == "postgresql")
    for kind in ("all", "one"):
        names = ["year", "one_id"] if kind == "one" else ["year"]
        assert prepared(light_facts._projects(kind), names, dialect) is not None


async def test_values_stored_in_place_read_back_as_stored_through_sqlalchemy(
    ctx: JobContext,
) -> None:
    await add_report(ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    rules = light_rules(ctx.settings, ctx.calendar)
    async with ctx.db.read() as session:
        rows = await standings(session, APRIL_24, rules)

    async def store(session: AsyncSession) -> bool:
        await record_lights(session, APRIL_24.date(), rows, at=APRIL_24)
        row = {
            "platform": "local",
            "bot": "local",
            "platform_msg_id": "m-1",
            "chat_id": None,
            "sender": OWNER,
            "text": "进度",
            "received_at": APRIL_24,
            "reply_to": {"url": "https://example.invalid/x"},
        }
        first = await inbound.accept(session, row)
        again = await inbound.accept(session, row)
        answered = await inbound.finish(session, "local", "local", "m-1", [{"text": "好"}])
        return first and not again and answered

    assert await _in_worker(ctx, store)
    async with ctx.db.read() as session:
        lights = (await session.execute(select(LightRecord))).scalars().all()
        message = await inbound.find(session, "local", "local", "m-1")
    assert {light.project_id: light.color for light in lights} == {
        row.project.id: row.light.color.value for row in rows
    }
    assert all(light.day == APRIL_24.date() and light.recorded_at == APRIL_24 for light in lights)
    assert [light.reasons for light in lights] == [
        [{"rule": r.rule, "color": r.color.value, "text": r.text} for r in row.light.reasons]
        for row in sorted(rows, key=lambda row: row.project.id)
    ]
    assert message is not None and message.state == inbound.DONE
    assert message.replies == [{"text": "好"}]
    assert message.reply_to == {"url": "https://example.invalid/x"}
    assert message.received_at == APRIL_24


async def test_a_failed_statement_fails_as_sqlalchemy_reports_it(ctx: JobContext) -> None:
    statement = insert(table_of(Milestone))  # (project_id, name) is unique

    async def twice(session: AsyncSession) -> None:
        project = (await fetch(session, select(Project.id).limit(1)))[0][0]
        values = {"project_id": project, "name": "开工", "due_on": date(2025, 5, 1)}
        assert await change(session, statement, values) == 1
        await change(session, statement, values)

    with pytest.raises(IntegrityError):
        await _in_worker(ctx, twice)


def test_only_statements_that_need_nothing_of_sqlalchemy_run_in_place(ctx: JobContext) -> None:
    dialect = _in_place_dialect(ctx)
    messages = table_of(Inbound)
    by_id = select(Inbound.id).where(Inbound.id == bindparam("id"))
    assert prepared(by_id, ["id"], dialect) is not None
    # a new report: its key from sqlite3's lastrowid, or returned by PostgreSQL
    added = prepared(report_writes._ADD, list(report_writes._NEW_COLUMNS), dialect)
    assert added is not None and added.returns_key == (dialect.name == "postgresql")
    # a ledger table written: the ledger cache must see the statement run
    rename = update(Project).where(Project.id == bindparam("k_id")).values(name=bindparam("n"))
    assert prepared(rename, ["k_id", "n"], dialect) is None
    # a list bound per call (its placeholders depend on its length)
    listed = select(Inbound.id).where(Inbound.id.in_(bindparam("ids", expanding=True)))
    assert prepared(listed, ["ids"], dialect) is None
    # values worked out at execution: other rows returned, a Python-side default
    returned = insert(messages).returning(messages.c.id, messages.c.state)
    assert prepared(returned, ["text"], dialect) is None
    assert prepared(insert(table_of(Issue)), ["number", "text"], dialect) is None


async def test_a_correction_stored_in_place_leaves_entities_as_the_rows_are(
    ctx: JobContext,
) -> None:
    earlier_id = await add_report(ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    columns = [column.key for column in Report.__table__.columns]

    async def correct(session: AsyncSession) -> tuple[dict[str, Any], int, int | None]:
        earlier = await session.get_one(Report, earlier_id)  # held by the session
        values = {key: getattr(earlier, key) for key in columns if key != "id"}
        values |= {"ytd_investment_yuan": 2_700 * 10_000, "received_at": APRIL_24}
        new = await report_writes.add(session, values)
        await report_writes.supersede(session, earlier.id, new.id)
        return {key: getattr(new, key) for key in columns}, new.id, earlier.superseded_by_id

    held, new_id, told = await _in_worker(ctx, correct)
    assert told == new_id  # the entity the session held says what the row says
    async with ctx.db.read() as session:
        stored = await session.get_one(Report, new_id)
        assert {key: getattr(stored, key) for key in columns} == held
        assert (await session.get_one(Report, earlier_id)).superseded_by_id == new_id


async def test_a_new_report_without_every_column_is_refused_before_it_is_written(
    ctx: JobContext,
) -> None:
    async def incomplete(session: AsyncSession) -> None:
        project = (await fetch(session, select(Project.id).limit(1)))[0][0]
        await report_writes.add(session, {"project_id": project, "period": "2025-W17"})

    with pytest.raises(ValueError):
        await _in_worker(ctx, incomplete)
    async with ctx.db.read() as session:
        assert (
            await session.execute(select(Report.id).where(Report.period == "2025-W17"))
        ).all() == []
