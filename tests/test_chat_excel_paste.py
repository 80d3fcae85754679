"""A report pasted from Excel: a header row, then a row per project, cells parted by tabs."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select

from bot.app import create_app
from bot.keys import DB
from handlers.reports.message_shape import message_lines
from storage.models import Report
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.reports import Stored, current_reports
from tests.support.seed import OWNER

HEADER = "项目名称\t本月完成（万元）\t1-11月累计完成（万元）\t形象进度\t存在问题"
ROWS = "城区智慧物流园\t120\t2023\t管网铺设\t无\n北石店污水管网改造\t90\t1914\t\t"
# the whole ledger row as an owner copies it: 序号, 责任单位, plans and totals ignored
LEDGER = (
    "序号\t项目名称\t责任单位\t年度计划（万元）\t总投资\t本月完成投资\t累计完成投资\t形象进度\n"
    '1\t城区智慧物流园\t北石店镇\t5,000.00\t60000\t¥120.00\t"2,023.00"\t管网铺设\n'
    "2\t北石店污水管网改造\t北石店镇\t800\t3000\t￥90.00\t1,914.00\t\n"
    "合计\t\t\t5,800.00\t63000\t210\t3,937.00\t"
)


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    settings = app_settings(tmp_path, now="2026-11-30 10:00")
    return await seeded_client(aiohttp_client, create_app(settings))


async def _stored(client: TestClient) -> Stored:
    """Each project's current report, by project code."""
    return await current_reports(client, unit=1)


async def _count(client: TestClient) -> int:
    async with client.app[DB].read() as session:
        return (await session.execute(select(func.count(Report.id)))).scalar_one()


@pytest.mark.parametrize(
    "text",
    [
        f"{HEADER}\n{ROWS}",
        f"@调度助手 {HEADER}\n{ROWS}",
        f"进度\n{HEADER}\n{ROWS}",
        f"进度 物流园\n{HEADER}\n{ROWS}\n",
        LEDGER,
    ],
)
async def test_each_row_of_a_paste_is_stored_as_its_projects_report(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, text)  # in the owners' group, not said to the bot
    assert reply.count("已收到") == 2, reply
    stored = await _stored(client)
    assert stored["P001"] == (1_200_000, 20_230_000, "管网铺设")
    assert stored["P004"][:2] == (900_000, 19_140_000)
    assert await _count(client) == 2  # the 合计 row is no project's


@pytest.mark.parametrize(
    ("header", "cells", "figures"),
    [
        ("本月完成（亿元）\t本年累计完成（亿元）", "0.012\t0.2023", (1_200_000, 20_230_000)),
        ("本月完成（元）\t本年累计完成（元）", "1,200,000\t20,230,000", (1_200_000, 20_230_000)),
        ("本月完成投资/万元\t1—11月累计完成投资（万元）", "120\t2023", (1_200_000, 20_230_000)),
    ],
)
async def test_the_unit_in_a_header_is_the_cells(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    header: str,
    cells: str,
    figures: tuple[int, int],
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, f"项目名称\t{header}\n城区智慧物流园\t{cells}")
    assert "已收到" in reply, reply
    assert (await _stored(client))["P001"][:2] == figures


async def test_a_mixed_paste_is_answered_row_by_row(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    text = f"{HEADER}\n城区智慧物流园\t120\t2023\t管网铺设\t无\n城区物流中心三期\t100\t200\t\t"
    reply = await chat(client, OWNER, text)
    assert "【1/2】✅ 已收到“城区智慧物流园”" in reply, reply
    assert "【2/2】" in reply and "没有找到“城区物流中心三期”" in reply
    assert await _stored(client) == {"P001": (1_200_000, 20_230_000, "管网铺设")}


async def test_cells_without_their_header_are_told_to_bring_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    row = "城区智慧物流园\t1,530.00\t41,010.00\t设备安装调试"
    alone = await chat(client, OWNER, row, chat_id=None)
    assert "没看懂" not in alone and "请连同表头一行一起复制" in alone, alone
    under = await chat(client, OWNER, "进度 物流园\n1,530.00\t41,010.00\t设备安装调试")
    assert "未记录" in under and "请连同表头一行一起复制" in under, under
    assert await _count(client) == 0


def test_a_message_without_tabs_is_read_as_before() -> None:
    text = "进度 物流园\n本月完成：120万\n累计完成：2023万"
    assert message_lines(text) == tuple(text.split("\n"))


def test_a_cell_of_several_lines_runs_on_as_its_text() -> None:
    text = '项目名称\t形象进度\t存在问题\n物流园\t"管网铺设\n路面施工"\t资金未到位'
    assert message_lines(text) == (
        "进度 物流园",
        "形象进度：管网铺设",
        "路面施工",
        "存在问题：资金未到位",
    )


def test_a_header_cell_of_two_lines_keeps_its_unit() -> None:
    text = '项目\t"本月完成\n（万元）"\t"累计完成\n（亿元）"\n物流园\t120\t0.2023'
    assert message_lines(text) == (
        "进度 物流园",
        "本月完成（万元）：120",
        "累计完成（亿元）：0.2023",
    )


def test_a_header_without_a_project_column_fills_in_the_block_typed_above() -> None:
    text = "进度 物流园\n本月完成\t累计完成\t形象进度\n120\t2023\t管网铺设"
    assert message_lines(text) == (
        "进度 物流园",
        "本月完成：120",
        "累计完成：2023",
        "形象进度：管网铺设",
    )


async def test_the_unit_a_title_row_states_holds_for_columns_stating_none(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    title = "北石店镇重点项目进展表\t\t\n单位：亿元\t\t\n"
    text = f"{title}项目名称\t本月完成\t累计完成\n城区智慧物流园\t0.012\t0.2023"
    reply = await chat(client, OWNER, text)
    assert "已收到" in reply, reply
    assert (await _stored(client))["P001"][:2] == (1_200_000, 20_230_000)


async def test_a_form_copied_as_pairs_of_cells_is_a_report(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    form = "项目名称\t城区智慧物流园\n责任单位\t北石店镇\n本月完成（万元）\t120\n"
    reply = await chat(
        client, OWNER, f"{form}累计完成（万元）\t2,023\n形象进度\t管网铺设\n存在问题\t"
    )
    assert "已收到" in reply, reply
    assert (await _stored(client))["P001"] == (1_200_000, 20_230_000, "管网铺设")


def test_a_report_typed_with_tabs_is_read_as_before() -> None:
    text = "进度 物流园\n本月完成\t120万\t累计完成\t2023万\n形象进度\t设备安装"
    assert message_lines(text) == tuple(text.split("\n"))
