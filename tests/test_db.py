"""Storage engine behaviour on every backend."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import select, text

from domain.clock import SHANGHAI
from storage.db import Database
from storage.migrate import current_revision, upgrade
from storage.models import Audit, Counter


async def test_upgrade_is_idempotent(db: Database) -> None:
    before = await current_revision(db)
    await upgrade(db)
    assert before is not None
    assert await current_revision(db) == before


async def test_fifty_concurrent_read_then_write_lose_no_update(db: Database) -> None:
    async with db.write() as session:
        session.add(Counter(name="c", value=0))

    async def bump() -> None:
        async with db.write() as session:
            row = (
                await session.execute(select(Counter).where(Counter.name == "c").with_for_update())
            ).scalar_one()
            await asyncio.sleep(0)  # let the others interleave between read and write
            row.value += 1

    await asyncio.gather(*(bump() for _ in range(50)))
    async with db.read() as session:
        value = (await session.execute(select(Counter.value))).scalar_one()
    assert value == 50


async def test_timestamps_come_back_in_shanghai_time(db: Database) -> None:
    at = datetime(2025, 4, 21, 9, 0, tzinfo=SHANGHAI)
    async with db.write() as session:
        session.add(Audit(at=at, actor="t", entity="x", entity_key="1", action="a"))
    async with db.read() as session:
        stored = (await session.execute(select(Audit.at))).scalar_one()
    assert stored == at
    assert stored.utcoffset() is not None
    assert stored.hour == 9


async def test_sqlite_pragmas(sqlite_db: Database) -> None:
    async with sqlite_db.read() as session:
        mode = (await session.execute(text("PRAGMA journal_mode"))).scalar_one()
        fks = (await session.execute(text("PRAGMA foreign_keys"))).scalar_one()
    assert mode == "wal"
    assert fks == 1
