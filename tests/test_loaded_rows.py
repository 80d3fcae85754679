"""The lookups every chat message makes (its sender, the project it names, the project locked
for a report) read plain rows and make them the objects an ORM query would have given.

On PostgreSQL, and on SQLite whenever the ledger snapshot is not current, they read SQL on
every message; they must still behave as the ORM queries they replaced: a held object keeps
what it loaded, the lock takes the row as it is now, and what an object has not loaded (after
a savepoint rolled back, say) comes from the row.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.context import JobContext
from storage.inline_session import InlineSession
from storage.models import Person, Project
from storage.repos import people, projects
from storage.worker import DbWorker
from tests.support.seed import OWNER, add_project


@pytest.fixture(params=["in place", "through SQLAlchemy"])
def in_place(request: pytest.FixtureRequest) -> bool:
    """On a database worker's session (statements on the driver) or the web loop's."""
    return bool(request.param == "in place")


async def _in_write(ctx: JobContext, in_place: bool, work: Any) -> Any:
    """Run `work(session)` in one write transaction, rolled back at the end."""
    if not in_place:
        async with ctx.db.write() as session:
            try:
                return await work(session)
            finally:
                await session.rollback()
    worker = DbWorker(ctx.db.url, name="test-writer")

    async def job() -> Any:
        async with worker.database.write() as session:
            assert isinstance(session, InlineSession)
            try:
                return await work(session)
            finally:
                await session.rollback()

    try:
        return await worker.call(job())
    finally:
        await worker.close()


async def _rename(session: AsyncSession, model: Any, row_id: int, name: str) -> None:
    """Change a row behind the ORM's back (as another statement of the transaction would)."""
    connection = await session.connection()
    await connection.execute(update(model).where(model.id == row_id).values(name=name))


async def test_a_held_object_keeps_what_it_loaded_and_the_lock_takes_the_row(
    backend_ctx: JobContext, in_place: bool
) -> None:
    async def work(session: AsyncSession) -> tuple[str, ...]:
        sender = await people.by_mobile(session, OWNER)
        found = (await projects.resolve(session, "P001")).project
        assert sender is not None and found is not None
        await _rename(session, Person, sender.id, "张伟（改）")
        await _rename(session, Project, found.id, "城区智慧物流园（改）")
        again = await people.by_identity(session, "local", OWNER)
        resolved = (await projects.resolve(session, "P001")).project
        locked = await projects.lock(session, found.id)
        assert again is sender and resolved is found and locked is found
        return again.name, sender.name, locked.name

    held, same, fresh = await _in_write(backend_ctx, in_place, work)
    assert (held, same) == ("张伟", "张伟")  # as an ORM query leaves a held object
    assert fresh == "城区智慧物流园（改）"  # the lock reads the row afresh


async def test_what_a_held_object_has_not_loaded_comes_from_the_row(
    backend_ctx: JobContext, in_place: bool
) -> None:
    async def work(session: AsyncSession) -> tuple[str, str, str]:
        sender = await people.by_mobile(session, OWNER)
        assert sender is not None
        await _rename(session, Person, sender.id, "张伟（改）")
        session.expire(sender, ["name"])
        again = await people.by_mobile(session, OWNER)
        assert again is sender
        found = await projects.resolve(session, "物流园")
        assert found.project is not None
        project_id = found.project.id  # read before expiring: reading it then would reload all
        session.expire(found.project)
        await _rename(session, Project, project_id, "城区智慧物流园（二期）")
        partial = await projects.resolve(session, "物流园")
        assert partial.project is found.project
        return sender.name, sender.mobile, partial.project.name

    name, mobile, project_name = await _in_write(backend_ctx, in_place, work)
    assert (name, mobile, project_name) == ("张伟（改）", OWNER, "城区智慧物流园（二期）")


async def test_nobody_and_no_project_are_found_as_before(
    backend_ctx: JobContext, in_place: bool
) -> None:
    async def work(session: AsyncSession) -> tuple[Any, ...]:
        nobody = await people.by_mobile(session, "13900000099")
        unbound = await people.by_identity(session, "wecom", "nobody")
        unknown = await projects.resolve(session, "不存在的项目名称")
        gone = await projects.lock(session, 999_999)
        return nobody, unbound, unknown.project, unknown.ambiguous, gone

    assert await _in_write(backend_ctx, in_place, work) == (None, None, None, False, None)


async def test_a_code_without_hyphens_and_a_quoted_name_are_found_by_sql_as_from_memory(
    backend_ctx: JobContext, in_place: bool
) -> None:
    await add_project(backend_ctx.db, "2024-140502-44-02-011404", "城东再生水厂", beside="P001")
    # a code the ledger writes with other dashes than `-`; a name with quotes of its own
    # beside one that holds it
    await add_project(backend_ctx.db, "2025—140502－44–02‐000001", "城西污水厂", beside="P001")
    await add_project(backend_ctx.db, "P011", "城区道路“白改黑”", beside="P001")
    await add_project(backend_ctx.db, "P012", "城区道路“白改黑”二期", beside="P001")
    refs = ["20241405024402011404", "2024 140502 44 02 011404", "「物流园」", "2024140502440201"]
    refs += ["2025-140502-44-02-000001", "20251405024402000001", "城区道路“白改黑”", "物流园」"]

    async def found(session: AsyncSession) -> list[str | None]:
        resolved = [(await projects.resolve(session, ref)).project for ref in refs]
        return [None if project is None else project.name for project in resolved]

    async def work(session: AsyncSession) -> tuple[list[str | None], list[str | None]]:
        remembered = await found(session)  # from the ledger in memory where it is current
        # a write to the ledger: from here on in this transaction, SQL answers
        statement = update(Person).where(Person.mobile == OWNER).values(name="张伟")
        await (await session.connection()).execute(statement)
        return remembered, await found(session)

    remembered, read = await _in_write(backend_ctx, in_place, work)
    expected = ["城东再生水厂", "城东再生水厂", "城区智慧物流园", None, "城西污水厂", "城西污水厂"]
    expected += ["城区道路“白改黑”", "城区智慧物流园"]
    assert remembered == read == expected
