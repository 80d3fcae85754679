"""Commands that only read run on a reader thread, outside the writer's transactions."""

from __future__ import annotations

import asyncio
import threading

from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import DB, READERS
from storage.models import Audit, Inbound
from storage.readers import READERS as READER_COUNT
from tests.support.chat import chat
from tests.support.commands import SNEAKY, WHERE, add_test_commands
from tests.support.seed import OWNER


async def test_a_command_that_only_reads_is_answered_by_a_reader(client: TestClient) -> None:
    add_test_commands(client.app)
    assert "db-reader" in await chat(client, OWNER, f"/{WHERE}")
    async with client.app[DB].read() as session:
        [row] = (await session.execute(select(Inbound))).scalars()
    assert row.state == "done"  # its answer is stored all the same, by the writer


async def test_one_that_writes_after_all_is_run_again_as_a_write(client: TestClient) -> None:
    add_test_commands(client.app)
    assert "db-writer" in await chat(client, OWNER, f"/{SNEAKY}")
    async with client.app[DB].read() as session:
        audits = list((await session.execute(select(Audit.entity_key))).scalars())
    assert audits == ["db-writer"]  # the reader's try changed nothing


async def test_chat_reads_never_wait_behind_pages_or_exports(client: TestClient) -> None:
    # Every page reader is held (a 20,000-row export under way): a chat command still answers.
    add_test_commands(client.app)
    held = threading.Event()

    async def export(session: AsyncSession) -> bool:
        return held.wait(timeout=20)  # the reader's thread is busy, as with a long export

    pages = [asyncio.create_task(client.app[READERS].run(export)) for _ in range(READER_COUNT)]
    try:
        assert "db-reader-chat" in await chat(client, OWNER, f"/{WHERE}")
        assert not any(task.done() for task in pages)
    finally:
        held.set()
    assert await asyncio.gather(*pages) == [True] * READER_COUNT
