"""A plan keyed with a year (`2027年计划`, `27年计划`): next year's work is the report's 下步计划;
this year's or a past year's plan is not, as `今年计划` and `去年计划` are not. Which year is
next is judged by the day the report is sent, across the year end too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from handlers.reports.grammar import parse_report_message
from storage.models import Report
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.reports import current_reports
from tests.support.seed import OWNER

DEC_31 = "2026-12-31 10:00"
JAN_4 = "2027-01-04 10:00"  # the first working day of 2027
LEDGERS = "以台账为准，不用填报（需调整请联系专班办公室）"


async def _at(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    return await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now=now)))


async def _plans(client: TestClient) -> list[str | None]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Report.plan_text))).scalars())


@pytest.mark.parametrize(
    ("now", "key"),
    [
        (DEC_31, "2027年计划"),
        (DEC_31, "27年计划"),  # was read as `年计划` (27 a list number): the ledger's
        (DEC_31, "27年度计划"),
        (JAN_4, "2028年计划"),
        (JAN_4, "28年计划"),
        (JAN_4, "明年计划"),
    ],
)
async def test_next_years_plan_is_the_next_steps(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, key: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, now)
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：1.1亿\n{key}：二期厂房开工")
    assert "下步计划：二期厂房开工" in reply and "以台账为准" not in reply, reply
    assert await _plans(client) == ["二期厂房开工"]


@pytest.mark.parametrize(
    ("now", "key"),
    [
        (DEC_31, "2025年计划"),  # a past year's plan was stored as the next steps
        (DEC_31, "2026年计划"),  # this year's
        (DEC_31, "26年计划"),
        (DEC_31, "2026年度计划"),
        (JAN_4, "2027年计划"),  # next year's on 31 December, this year's on 4 January
        (JAN_4, "27年计划"),
        (JAN_4, "2026年计划"),
        (DEC_31, "今年计划"),  # as these already were
        (DEC_31, "去年计划"),
    ],
)
async def test_this_or_a_past_years_plan_is_not_the_next_steps(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, key: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, now)
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：1.1亿\n{key}：完成主体")
    assert f"“{key}”{LEDGERS}" in reply, reply
    assert "下步计划：完成主体" not in reply, reply
    assert await current_reports(client) == {}


@pytest.mark.parametrize(
    ("now", "key"),
    [
        (JAN_4, "2027年1月计划"),  # this month's work, named with its year: 下步计划
        (JAN_4, "27年1月计划"),
        (DEC_31, "2026年12月工作计划"),
        (DEC_31, "2026年下步计划"),  # the next steps, said with the year they fall in
    ],
)
async def test_a_months_plan_or_next_steps_with_this_year_is_the_next_steps(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, key: str
) -> None:
    # the year alone made these `2026年计划`: refused as 不认识的字段 and not recorded
    client = await _at(aiohttp_client, tmp_path, now)
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：1.1亿\n{key}：完成主体")
    assert "下步计划：完成主体" in reply and "不认识" not in reply, reply
    assert await _plans(client) == ["完成主体"]


@pytest.mark.parametrize(
    ("today", "key", "plan"),
    [
        (date(2026, 12, 31), "27年计划", "二期开工"),
        (date(2026, 12, 31), "2027年工作计划", "二期开工"),
        (date(2027, 1, 4), "2027年工作计划", None),  # this year's: as `今年工作计划` is
        (date(2026, 12, 31), "2026年工作计划", None),
    ],
)
def test_a_plan_keys_year_is_judged_by_the_reports_day(
    today: date, key: str, plan: str | None
) -> None:
    [block] = parse_report_message(f"进度 物流园\n{key}：二期开工", today)
    assert block.plan_text == plan
    assert block.years == []  # the year names when the work is done: not the report's year
    if plan is None:  # told as `今年工作计划` is
        [this_year] = parse_report_message("进度 物流园\n今年工作计划：二期开工", today)
        assert block.errors == [e.replace("今年工作计划", key) for e in this_year.errors]
    else:
        assert block.errors == []


@pytest.mark.parametrize(
    "key", ["27年计划", "2027年计划", "明年计划", "明年工作计划", "2027年工作计划"]
)
def test_next_years_plan_figure_is_still_the_ledgers(key: str) -> None:
    [block] = parse_report_message(f"进度 物流园\n{key}：5000万", date(2026, 12, 31))
    assert block.plan_text is None
    assert block.errors and block.errors[0].startswith(f"“{key}”{LEDGERS}"), block.errors


@pytest.mark.parametrize("key", ["25年累计完成", "2025年累计完成"])
async def test_a_two_digit_years_cumulative_counts_for_that_year(
    aiohttp_client: AiohttpClient, tmp_path: Path, key: str
) -> None:
    # `25` was dropped as a list number: last year's total was stored as this year's
    client = await _at(aiohttp_client, tmp_path, "2026-01-05 10:00")
    reply = await chat(client, OWNER, f"进度 物流园\n{key}：3亿")
    assert "计入 2025年12月" in reply and "2025年累计完成：3亿元" in reply, reply
    async with client.app[DB].read() as session:
        stored = (await session.execute(select(Report.month, Report.ytd_investment_yuan))).one()
    assert tuple(stored) == ("2025-12", 300_000_000)
