"""An office that starts in the middle of a year: the ledger's 1-10月累计完成投资 is where the bot
starts from (it was dropped, and every project stood at 0 against 序时, the 月报表 counting
the whole year as the first month's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from domain.clock import SHANGHAI
from storage.ledger import export_monthly_report, import_ledger
from storage.ledger.result import ImportResult
from storage.models import Project, Report
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.ledger_files import SheetSpec, write_workbook

TODAY = date(2026, 11, 30)
OWNER = "13900000012"
HEADER = ["项目代码", "项目名称", "责任单位", "2026年计划投资（万元）", "责任人", "责任人手机"]


def _ledger(tmp_path: Path, done: str, wind: object = 9500, name: str = "台账.xlsx") -> Path:
    """The county's ledger with `done` as its last column's header (状态: every project 在建)."""
    last = "在建" if done == "状态" else None
    rows = [
        [*HEADER, done],
        ["LC1", "王莽岭风电项目", "县能源局", 12000, "李明", OWNER, last or wind],
        ["LC2", "县城供热管网改造", "县住建局", 3000, "李明", OWNER, last or ""],  # blank
        ["LC3", "陵川光伏项目", "县能源局", 3000, "", "", last or 100],  # no owner to report it
    ]
    return write_workbook(tmp_path / name, [SheetSpec("项目", rows)])


async def _office(
    aiohttp_client: AiohttpClient, tmp_path: Path, done: str
) -> tuple[TestClient, ImportResult]:
    app = create_app(app_settings(tmp_path, now="2026-11-30 10:00"))
    client = await aiohttp_client(app)
    result = await import_ledger(app[DB], _ledger(tmp_path, done), today=TODAY)
    return client, result


async def _figures(client: TestClient) -> list[tuple[str, int | None]]:
    async with client.app[DB].read() as session:
        statement = select(Report.month, Report.ytd_investment_yuan).where(
            Report.superseded_by_id.is_(None)
        )
        return sorted(tuple(row) for row in await session.execute(statement.order_by(Report.id)))


async def test_the_year_so_far_is_where_the_bot_starts(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, result = await _office(aiohttp_client, tmp_path, "1-10月累计完成投资（万元）")
    summary = result.summary()
    assert "本年累计完成（截至10月末，“1-10月累计完成投资（万元）”）：1 个项目" in summary
    assert "没有责任人、未导入 1 个（陵川光伏项目）" in summary
    assert await _figures(client) == [("2026-10", 95_000_000)]
    card = await chat(client, OWNER, "/项目 风电")
    assert "9500万元" in card and "累计 9500万元（台账导入）" in card  # not a report sent today
    # November reported in chat: its 本月 is the rise from October's figure, not the year's
    reply = await chat(client, OWNER, "进度 风电\n本月完成：500万\n累计完成：1亿")
    assert "已收到" in reply and "暂未记录" not in reply
    path = tmp_path / "月报表.xlsx"
    await export_monthly_report(client.app[DB], path, month=date(2026, 11, 1))
    rows = list(load_workbook(path)["月报表"].iter_rows(values_only=True))
    header = rows[1]
    wind = dict(zip(header, next(r for r in rows if r[1] == "LC1"), strict=True))
    assert (wind["本月完成（万元）"], wind["年度累计完成（万元）"]) == (500, 10000)


async def test_chat_figures_stand_and_a_new_import_replaces_its_own(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, _ = await _office(aiohttp_client, tmp_path, "1-10月累计完成投资（万元）")
    db = client.app[DB]
    again = await import_ledger(
        db, _ledger(tmp_path, "1-10月累计完成投资（万元）", 9600), today=TODAY
    )
    assert "：1 个项目" in again.summary()
    assert await _figures(client) == [("2026-10", 96_000_000)]  # replaced, not a second one
    await chat(client, OWNER, "进度 风电\n月份：10月\n累计完成：9700万")
    later = await import_ledger(
        db, _ledger(tmp_path, "1-10月累计完成投资（万元）", 9800), today=TODAY
    )
    assert "1 个项目已有10月或之后的数字（多为群里所报），以之为准" in later.summary()
    assert await _figures(client) == [("2026-10", 97_000_000)]


async def test_a_month_not_yet_over_is_not_read(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, result = await _office(aiohttp_client, tmp_path, "1-12月累计完成投资（万元）")
    assert "不是今年已过的月份，未导入" in result.summary()
    assert await _figures(client) == []


async def test_a_finish_declared_in_chat_is_not_undone_by_the_sheet(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, _ = await _office(aiohttp_client, tmp_path, "1-10月累计完成投资（万元）")
    reply = await chat(client, OWNER, "进度 风电\n累计完成：1亿\n竣工：是")
    assert "已竣工" in reply
    again = await import_ledger(client.app[DB], _ledger(tmp_path, "状态"), today=TODAY)
    assert "1 个项目（王莽岭风电项目）已由责任人在群里申报竣工，台账的项目状态未改回" in (
        again.summary()
    )
    async with client.app[DB].read() as session:
        status = await session.scalar(select(Project.status).where(Project.code == "LC1"))
    assert status == "已竣工"


async def test_the_column_in_other_words_and_beside_last_years(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, result = await _office(aiohttp_client, tmp_path, "1-10月累计完成投资/万元")
    assert result.errors == [] and await _figures(client) == [("2026-10", 95_000_000)]
    rows = [
        [*HEADER, "2025年1-12月完成投资（万元）", "1-10月累计完成投资（万元）"],
        ["LC1", "王莽岭风电项目", "县能源局", 12000, "李明", OWNER, 20000, 9700],
    ]
    path = write_workbook(tmp_path / "两列.xlsx", [SheetSpec("项目", rows)])
    again = await import_ledger(client.app[DB], path, today=TODAY)
    assert "截至10月末" in again.summary()
    assert await _figures(client) == [("2026-10", 97_000_000)]  # this year's column
    async with client.app[DB].read() as session:
        received = await session.scalar(select(Report.received_at))
    # as of October's end, not a report sent today (it would clear a missed week's light)
    assert received is not None and received.astimezone(SHANGHAI).date() == date(2026, 10, 31)
