"""Hostile values on every backend: unbounded amounts, control characters, maximal lengths."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select
from yarl import URL

from bot.adapters.dingtalk.models import ChatbotMessage
from bot.app import create_app
from bot.cli.main import main
from bot.inbound import handle_message
from bot.keys import CLOCK, DB
from storage.db import Database
from storage.ledger import import_ledger
from storage.models import Identity, Inbound, Outbox, Person, Project, Report
from tests.support.apps import app_settings
from tests.support.chat import chat, send
from tests.support.ledger_files import CLEAN_HEADER, SheetSpec, clean_row, clean_workbook, write_csv
from tests.support.seed import OWNER, seed

TODAY = date(2025, 4, 24)
HUGE = "9999999999999999999999999999999999999999"


async def _reports(client: TestClient) -> list[Report]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Report).order_by(Report.id))).scalars())


async def test_an_unbounded_amount_loses_only_its_own_block(backend: TestClient) -> None:
    answer = await chat(
        backend,
        OWNER,
        f"进度 物流园\n本月完成：{HUGE}亿\n\n进度 厂房\n本月完成：300万\n累计完成：900万",
    )
    assert f"“{HUGE[:30]}…”超过上限 1000万亿元" in answer
    [report] = await _reports(backend)
    assert report.period_investment_yuan == 300 * 10_000
    assert report.ytd_investment_yuan == 900 * 10_000


@pytest.mark.parametrize("value", ["922337203685478", "10000001亿", "1e400"])
async def test_an_amount_past_the_bound_is_refused_and_nothing_is_stored(
    backend: TestClient, value: str
) -> None:
    answer = await chat(backend, OWNER, f"进度 物流园\n本月完成：{value}")
    assert f"金额“{value}”" in answer
    assert await _reports(backend) == []


async def test_the_largest_amount_is_stored_exactly(backend: TestClient) -> None:
    # 1000万亿元 with a total investment above it: the bound itself is a figure, not an error.
    async with backend.app[DB].write() as session:
        project = (await session.execute(select(Project).where(Project.code == "P001"))).scalar()
        assert project is not None
        project.total_investment_yuan = 10**15
    answer = await chat(backend, OWNER, "进度 物流园\n累计完成：10000000亿")
    if "确认" in answer:  # held as implausible: the owner confirms it
        await chat(backend, OWNER, "确认")
    [report] = await _reports(backend)
    assert report.ytd_investment_yuan == 10**15


async def test_nul_and_control_characters_never_reach_the_database(backend: TestClient) -> None:
    text = "进度 物流园\n累计完成：3500万\n形象进度：主体\x00结构\x07封顶\x1b[31m\n存在问题：无"
    answer = await send(backend, OWNER, text, msg_id="m\x00\x01-1")
    assert "已收到" in answer["replies"][0]["text"]
    [report] = await _reports(backend)
    assert report.progress_text == "主体结构封顶[31m"
    async with backend.app[DB].read() as session:
        [inbound] = (await session.execute(select(Inbound))).scalars()
    assert inbound.platform_msg_id == "m-1"
    assert "\x00" not in inbound.text


async def test_a_200_character_platform_id_binds_and_is_stored(backend: TestClient) -> None:
    staff_id = "s" * 200
    message = ChatbotMessage.model_validate(
        {"msgId": "d" * 200, "msgtype": "text", "conversationId": "c" * 200,
         "conversationType": "2", "senderId": "x", "senderStaffId": staff_id,
         "text": {"content": "/绑定 13900000005"}}
    )  # fmt: skip
    [answer] = await handle_message(backend.app, message.to_inbound("dd", backend.app[CLOCK].now()))
    assert "绑定成功" in answer.text
    async with backend.app[DB].read() as session:
        identity = (await session.execute(select(Identity))).scalar_one()
        person = await session.get(Person, identity.person_id)
    assert (identity.external_id, person.mobile if person else None) == (staff_id, "13900000005")


async def test_a_200_character_message_id_is_pushed_once_to_a_long_named_group(
    aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str
) -> None:
    office = {"name": "区项目攻坚专班办公室" * 10, "platform": "local", "role": "office"}
    app = create_app(app_settings(tmp_path, database={"url": db_url}, groups=[office]))
    client = await aiohttp_client(app)
    await seed(app[DB])
    message = ChatbotMessage.model_validate(
        {"msgId": "d" * 200, "msgtype": "text", "conversationId": "c", "conversationType": "2",
         "senderId": "x", "senderStaffId": "s1", "senderNick": "王" * 500,
         "text": {"content": "/绑定 13900000005"}}
    )  # fmt: skip
    for _ in range(2):  # delivered again: answered from the store, pushed once
        [answer] = await handle_message(app, message.to_inbound("dd", app[CLOCK].now()))
        assert "绑定成功" in answer.text
    async with client.app[DB].read() as session:
        [key] = (await session.execute(select(Outbox.idempotency_key))).scalars()
    assert len(key) <= 300 and key.startswith("bind:ddd")
    # Another account for that mobile asks the office; the request keeps 50 characters of its nick.
    second = message.model_copy(update={"msg_id": "e" * 200, "sender_staff_id": "s2"})
    [answer] = await handle_message(app, second.to_inbound("dd", app[CLOCK].now()))
    assert "核实后确认" in answer.text


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("1e400", "1e400"), ("9" * 32, "9" * 30 + "…"), ("922337203685478", "922337203685478")],
    ids=["1e400", "32-digits", "int64-in-wan"],
)
async def test_ledger_amount_past_the_bound_is_a_row_error(
    db: Database, tmp_path: Path, cell: str, shown: str
) -> None:
    path = write_csv(tmp_path / "台账.csv", [CLEAN_HEADER, clean_row("P1", 总投资=cell)])
    result = await import_ledger(db, path, today=TODAY)
    [error] = result.errors
    assert (error.row, error.column, error.letter) == (2, "总投资（万元）", "E")
    assert f"“{shown}”超过上限" in error.reason
    assert not result.written


def test_import_of_an_unbounded_amount_ends_in_a_row_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    # a November clock: in December a file naming no plan year is refused before its rows
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-11-20 10:00")
    path = write_csv(tmp_path / "台账.csv", [CLEAN_HEADER, clean_row("P1", 年度计划投资="1e400")])
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第2行 F列「年度计划投资（万元）」" in err
    assert "Traceback" not in err


async def test_every_ledger_text_at_its_longest_is_stored(db: Database, tmp_path: Path) -> None:
    """Each column is at least as long as the row model accepts (PostgreSQL enforces it)."""
    row = clean_row("P" * 64, "名" * 200, 责任单位="单" * 100, 责任人="责" * 20)
    header = ["姓名", "手机", "单位", "角色", "企业微信账号", "钉钉账号", "飞书账号"]
    longest = ["人" * 20, "13900000077", "单" * 100, "责任人", "w" * 200, "d" * 200, "f" * 200]
    people = [header, longest]
    path = clean_workbook(tmp_path / "长.xlsx", [row], (SheetSpec("人员", people),))
    result = await import_ledger(db, path, today=TODAY)
    assert result.errors == [] and result.written
    too_long = clean_row("P2", 责任人="责" * 21)
    result = await import_ledger(db, clean_workbook(tmp_path / "b.xlsx", [too_long]), today=TODAY)
    [error] = result.errors
    assert error.column == "责任人" and "超过 20 个字" in error.reason


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/%00",
        "/api/projects?unit=%00",
        "/dashboard/projects/P001%00",
        "/dashboard/projects?q=a%00b",
        "/dashboard/units/%01",
        "/local/messages?chat_id=%00",
    ],
)
async def test_a_nul_in_a_path_or_query_is_a_400_on_every_backend(
    backend: TestClient, path: str
) -> None:
    office = {"Authorization": "Bearer secret-token-0123456789"}
    response = await backend.get(URL(path, encoded=True), headers=office)
    assert response.status == 400, await response.text()
    assert "无法处理的字符" in (await response.json())["error"]
