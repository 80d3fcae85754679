"""Figures left after a one-line report's own are never its 形象进度 (SPEC §3): another
project's report after a `。`, an amount no field reads, the plan or total restated."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.reports import Stored, current_reports
from tests.support.seed import OWNER


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    return await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2026-11-30 10:00"))
    )


async def _stored(client: TestClient) -> Stored:
    """Each project's current report, by project code."""
    return await current_reports(client)


@pytest.mark.parametrize(
    "text",
    [
        "@调度助手 物流园：累计2023万。污水管网：累计1914万。",
        "进度 物流园 累计2023万。污水管网累计1914万",
        "物流园：累计2023万，管网铺设。污水管网：累计1914万，设备安装",
        "进度 物流园：累计2023万，污水管网：累计1914万",
    ],
)
async def test_a_second_project_after_a_full_stop_is_its_own_report(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, text, chat_id="owners")
    assert "城区智慧物流园" in reply and "北石店污水管网改造" in reply, reply
    stored = await _stored(client)
    assert stored["P001"][1] == 2023 and "污水管网" not in (stored["P001"][2] or "")
    assert stored["P004"][1] == 1914


@pytest.mark.parametrize(
    ("text", "stored", "left_out"),
    [
        ("进度 物流园 累计完成2023万元，总投资17.09亿元", (None, 2023, None), "总投资17.09亿元"),
        ("物流园11月完成120万，年度计划4.2亿，累计完成2023万", (120, 2023, None), "年度计划4.2亿"),
        (
            "物流园本月完成投资120万元，累计完成投资2023万元，占年度计划的97.6%。",
            (120, 2023, None),
            "占年度计划的97.6%",
        ),
        ("进度 物流园 累计2023万，主体施工，总投资17亿", (None, 2023, "主体施工"), "总投资17亿"),
        # the name said again on the line below `进度 物流园` (the whole line was refused)
        (
            "进度 物流园\n物流园本月完成投资120万元，累计完成投资2023万元，占年度计划的97.6%。",
            (120, 2023, None),
            "占年度计划的97.6%",
        ),
        ("进度 物流园\n累计完成：2023万\n总投资17.09亿元", (None, 2023, None), "总投资17.09亿元"),
    ],
)
async def test_a_restated_plan_or_total_is_no_progress_text(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    text: str,
    stored: tuple[int | None, int | None, str | None],
    left_out: str,
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, text)
    assert f"“{left_out}”未记入填报（年度计划、总投资以台账为准）" in reply, reply
    assert (await _stored(client))["P001"] == stored


@pytest.mark.parametrize(
    "text", ["物流园累计2023万，东区道路本月完成30万", "物流园累计2023万，拆迁户本月完成30万"]
)
async def test_a_figure_no_field_reads_is_refused_not_stored_as_text(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, text)
    assert "没有看出是哪项数字，未记录" in reply, reply
    assert await _stored(client) == {}


@pytest.mark.parametrize(
    ("text", "progress"),
    [
        ("进度 物流园 累计2023万，设备采购合同800万元已签订", "设备采购合同800万元已签订"),
        ("进度 物流园 累计2023万，这周3层", "这周3层"),
        # the work's money, said after the figures: no figure of another project
        ("进度 物流园 累计2023万，主体施工，欠付工程款1800万", "主体施工，欠付工程款1800万"),
        ("进度 物流园 累计2023万，征地补偿款1800万", "征地补偿款1800万"),
        ("进度 物流园 累计2023万 形象进度：主体施工，总投资17亿", "主体施工，总投资17亿"),
    ],
)
async def test_money_the_work_tells_of_stays_the_text(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str, progress: str
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await chat(client, OWNER, text)
    assert (await _stored(client))["P001"] == (None, 2023, progress)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        # the name glued to its first figure, a comma after it: the figure was the 形象进度
        ("进度 物流园本月完成120万，累计2023万", (120, 2023, None)),
        ("进度 物流园11月完成120万，累计2023万", (120, 2023, None)),
        ("进度 物流园本月完成120万，累计2023万，管网铺设", (120, 2023, "管网铺设")),
        ("进度 物流园这周管网铺设，累计2023万", (None, 2023, "这周管网铺设")),  # as before
    ],
)
async def test_a_figure_glued_to_the_name_is_read_as_the_figure(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    text: str,
    stored: tuple[int | None, int | None, str | None],
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, text)
    assert (await _stored(client))["P001"] == stored


async def test_a_name_and_colon_before_a_new_figure_heads_its_own_report(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await chat(client, OWNER, "进度 物流园：累计2023万，污水管网：本月完成90万")
    stored = await _stored(client)
    assert stored["P001"] == (None, 2023, None)
    assert stored["P004"][0] == 90


async def test_an_item_of_a_numbered_list_with_a_wrong_figure_is_refused_as_its_own(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    text = "1、物流园：累计2023万，主体施工\n2、污水管网：累计-5万\n3、标准化厂房：累计300万"
    reply = await chat(client, OWNER, text, chat_id=None)
    assert "❌ “污水管网”的进度未记录：\n  · 累计：金额“-5万”不能是负数" in reply, reply
    stored = await _stored(client)
    assert stored["P001"] == (None, 2023, "主体施工")  # not “主体施工\n2、污水管网：累计-5万”
    assert "P004" not in stored and stored["P002"][1] == 300
