"""The database workers reach SQLite and PostgreSQL through blocking drivers run in place.

A worker's writer stores, its readers refuse to (the chat falls back to the writer when a
command that was to only read writes after all), and times and JSON come back as stored, on
each configured backend.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from storage.db import Database
from storage.inline_pg import inline_pg_url
from storage.inline_session import InlineSession
from storage.migrate import upgrade
from storage.models import Inbound
from storage.readers import refused_write
from storage.repos import inbound
from storage.worker import DbWorker
from tests.support.inbound_rows import RECEIVED, inbound_row

REPLY_TO = {"url": "http://127.0.0.1/回复"}


async def _in(worker: DbWorker, work: Any, *, write: bool) -> Any:
    async def job() -> Any:
        database = worker.database
        async with database.write() if write else database.read() as session:
            assert isinstance(session, InlineSession)
            return await work(session)

    return await worker.call(job())


async def _stored(session: AsyncSession) -> list[Inbound]:
    return list((await session.execute(select(Inbound).order_by(Inbound.id))).scalars())


async def test_a_worker_writes_in_place_and_its_readers_refuse_to(db_url: str) -> None:
    database = Database(db_url)
    await upgrade(database)
    await database.dispose()
    writer = DbWorker(db_url, name="test-writer")
    reader = DbWorker(db_url, name="test-reader", read_only=True)
    try:
        first = inbound_row("m1", REPLY_TO)
        assert await _in(writer, lambda s: inbound.accept(s, first), write=True)
        with pytest.raises(Exception) as refused:
            await _in(reader, lambda s: inbound.accept(s, inbound_row("m2")), write=True)
        assert refused_write(refused.value)
        rows = await _in(reader, _stored, write=False)
    finally:
        await reader.close()
        await writer.close()
    assert [row.platform_msg_id for row in rows] == ["m1"]
    assert rows[0].received_at == RECEIVED.astimezone(SHANGHAI)
    assert rows[0].reply_to == REPLY_TO


def test_an_asyncpg_ssl_mode_is_given_to_libpq_as_sslmode() -> None:
    url = inline_pg_url("postgresql+asyncpg://diaodu:pw@db.example:5432/diaodu?ssl=require")
    assert url.drivername == "postgresql+inline"
    assert dict(url.query) == {"sslmode": "require"}
    assert (url.username, url.host, url.port, url.database) == (
        "diaodu",
        "db.example",
        5432,
        "diaodu",
    )
