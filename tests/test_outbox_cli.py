"""`diaodu outbox list|retry`: failed pushes shown with their reason, and re-queued."""

from __future__ import annotations

import asyncio
import unicodedata

import pytest
from sqlalchemy import select, update

from bot.cli import outbox as outbox_verbs
from bot.cli.arguments import build_parser
from bot.cli.common import VerbError
from core.messages import OutboundMessage
from core.settings import Settings, load_settings
from domain.clock import Clock
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Outbox
from storage.repos import outbox, outbox_queue

GROUP = "城区包联领导群"


def settings_at(url: str) -> Settings:
    return load_settings(None, database={"url": url})


def cli(settings: Settings, *argv: str) -> int:
    return outbox_verbs.run(build_parser().parse_args(["outbox", *argv]), settings)


async def _seed(url: str) -> None:
    db = Database(url)
    await upgrade(db)
    now = Clock().now()
    async with db.write() as session:
        for n, status in enumerate(["sent", "failed", "failed", "pending"], start=1):
            text = f"第{n}条推送：本周调度安排\n第二行不显示"
            await outbox.enqueue(
                session, key=f"k{n}", platform="wecom", destination=GROUP,
                payload=OutboundMessage(text=text).model_dump(mode="json"), now=now,
            )  # fmt: skip
            error = "[93000] invalid webhook url" if status == "failed" else None
            values = {"status": status, "last_error": error, "attempts": 1 if error else 0}
            await session.execute(update(Outbox).where(Outbox.id == n).values(**values))
    await db.dispose()


async def _rows(url: str) -> dict[int, Outbox]:
    db = Database(url)
    async with db.read() as session:
        found = {row.id: row for row in (await session.execute(select(Outbox))).scalars()}
    await db.dispose()
    return found


@pytest.fixture
def seeded(db_url: str) -> Settings:
    asyncio.run(_seed(db_url))
    return settings_at(db_url)


def test_list_shows_failures_with_reason_and_first_line(
    seeded: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(seeded, "list", "--status", "failed") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3  # header and the two failed pushes, newest first
    assert lines[1].startswith("#3") and lines[2].startswith("#2")
    assert all("失败" in line and "93000" in line and GROUP in line for line in lines[1:])
    assert all("webhook 无效" in line for line in lines[1:])  # the code said as doctor says it
    assert "第3条推送：本周调度安排" in lines[1] and "第二行" not in lines[1]


def test_list_columns_line_up_with_chinese_text(
    seeded: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(seeded, "list")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5

    def column_of(line: str, text: str) -> int:
        before = line[: line.index(text)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)

    assert len({column_of(line, GROUP) for line in lines[1:]}) == 1
    assert column_of(lines[0], "目标群") == column_of(lines[1], GROUP)


def test_retry_puts_failed_pushes_back_and_refuses_others(
    seeded: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded.database.url
    assert cli(seeded, "retry", "2", "1", "9") == 1
    out = capsys.readouterr().out
    assert "已重新排队 1 条：#2" in out
    assert "#1 状态为已发送，未改动" in out and "#9 不存在" in out
    rows = asyncio.run(_rows(url))
    assert (rows[2].status, rows[2].attempts) == ("pending", 0)
    assert rows[2].next_try_at <= Clock().now()
    assert (rows[1].status, rows[3].status) == ("sent", "failed")


def test_retry_all_failed(seeded: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(seeded, "retry", "--all-failed") == 0
    assert "已重新排队 2 条：#2 #3" in capsys.readouterr().out
    assert [r.status for r in asyncio.run(_rows(seeded.database.url)).values()].count("failed") == 0
    assert cli(seeded, "retry", "--all-failed") == 0
    assert "没有失败的推送" in capsys.readouterr().out


def test_retry_needs_ids_or_all_failed(seeded: Settings) -> None:
    with pytest.raises(VerbError):
        cli(seeded, "retry")


def test_a_push_that_may_have_arrived_is_listed_as_unconfirmed(
    seeded: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    async def cut_off() -> None:
        db = Database(seeded.database.url)
        async with db.write() as session:
            values = {"last_error": outbox_queue.UNCERTAIN}
            await session.execute(update(Outbox).where(Outbox.id == 3).values(**values))
        await db.dispose()

    asyncio.run(cut_off())
    assert cli(seeded, "list", "--status", "failed") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "未确认" in lines[1] and "失败" in lines[2]
    assert cli(seeded, "retry", "3") == 0
    assert asyncio.run(_rows(seeded.database.url))[3].status == "pending"
