"""A held report names the earlier report its cumulative is reckoned from as the owner knows it."""

from __future__ import annotations

from pathlib import Path

from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER

RISEN = "进度 物流园\n本月完成：100万\n本年累计完成：4亿"


async def test_a_rise_since_last_months_figure_of_this_week_names_its_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # the owner had sent 39560万 this week (December's); “从2026年第49周的 39480万元” read as
    # that report, misremembered: it was November's figure of the same week
    client = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2026-12-02 10:00"))
    )
    await add_report(client.app[DB], "P001", OWNER, "2026-11-26 10:00", 39_400)
    await add_report(client.app[DB], "P001", OWNER, "2026-11-30 10:00", 39_480, month="2026-11")
    await add_report(client.app[DB], "P001", OWNER, "2026-12-01 10:00", 39_560, month="2026-12")
    reply = await chat(client, OWNER, RISEN)
    assert "暂未记录" in reply, reply
    assert "本年累计完成从本周所报11月的 39480万元 升到 40000万元（增加 520万元）" in reply, reply
    assert "第49周的" not in reply


async def test_a_rise_since_last_week_says_last_week_with_its_days(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2026-12-10 10:00"))
    )
    await add_report(client.app[DB], "P001", OWNER, "2026-12-03 10:00", 39_480)
    reply = await chat(client, OWNER, RISEN)
    assert "本年累计完成从上周（11月30日—12月6日）所报的 39480万元 升到 40000万元" in reply, reply


async def test_a_month_below_its_rise_names_the_report_it_rose_from(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2026-12-02 10:00"))
    )
    await add_report(client.app[DB], "P001", OWNER, "2026-11-30 10:00", 39_480, month="2026-11")
    reply = await chat(client, OWNER, RISEN)
    assert "少于上月末以来增加的：本周所报11月的本年累计 39480万元，本次 40000万元" in reply, reply
