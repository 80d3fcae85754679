"""The daily clean-up deletes answered messages and delivered pushes past the kept days only."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from core.settings import ConfigError, load_settings
from domain.clock import parse_local_time
from scheduler import retention as retention_job
from scheduler.context import JobContext
from scheduler.jobs import build_jobs
from storage.models import Inbound, Outbox
from tests.support.jobs import seeded_context

AT = parse_local_time("2025-04-21 03:30")
OLD, RECENT = AT - timedelta(days=91), AT - timedelta(days=89)


async def _fill(ctx: JobContext) -> None:
    async with ctx.db.write() as session:
        for n, (when, state) in enumerate(
            [(OLD, "done"), (OLD, "done"), (OLD, "new"), (RECENT, "done")]
        ):
            session.add(_message(f"m{n}", when, state))
        for n, (when, status) in enumerate(
            [(OLD, "sent"), (OLD, "sent"), (OLD, "failed"), (OLD, "pending"), (RECENT, "sent")]
        ):
            session.add(_push(f"p{n}", when, status))


def _message(msg_id: str, at: datetime, state: str) -> Inbound:
    return Inbound(
        platform="local", bot="local", platform_msg_id=msg_id, chat_id=None, sender="1",
        text="/帮助", received_at=at, replies=[] if state == "done" else None, state=state,
    )  # fmt: skip


def _push(key: str, at: datetime, status: str) -> Outbox:
    return Outbox(
        idempotency_key=key, platform="local", destination="群", payload={"text": "x"},
        status=status, attempts=0, next_try_at=at, created_at=at,
    )  # fmt: skip


async def _left(ctx: JobContext) -> tuple[list[str], list[str]]:
    async with ctx.db.read() as session:
        messages = (await session.execute(select(Inbound.platform_msg_id))).scalars()
        pushes = (await session.execute(select(Outbox.idempotency_key))).scalars()
        return sorted(messages), sorted(pushes)


async def test_only_old_answered_messages_and_delivered_pushes_go(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention_job, "CHUNK", 1)  # several chunks, each its own transaction
    ctx = await seeded_context(tmp_path, db_url)
    try:
        await _fill(ctx)
        assert await build_jobs()["retention"].run(replace(ctx, dry_run=True), AT) == []
        assert len((await _left(ctx))[0]) == 4  # a dry run deletes nothing
        assert await build_jobs()["retention"].run(ctx, AT) == []
        messages, pushes = await _left(ctx)
        assert messages == ["m2", "m3"]  # unanswered stays, and what is recent
        assert pushes == ["p2", "p3", "p4"]  # failed and pending stay, and what is recent
    finally:
        await ctx.db.dispose()


def test_at_least_a_day_is_kept() -> None:
    with pytest.raises(ConfigError, match="keep_days"):
        load_settings(None, database={"keep_days": 0})
