"""Dates typed without a year near New Year: the occurrence people mean, shown with its year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB
from domain.dates import DateError, parse_end_date, parse_near_date
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER, seed


@pytest.mark.parametrize(
    ("text", "today", "meant"),
    [
        ("1月8日", date(2026, 12, 28), date(2027, 1, 8)),
        ("12月30日", date(2027, 1, 4), date(2026, 12, 30)),
        ("5月10日", date(2026, 4, 24), date(2026, 5, 10)),
        ("12月20日", date(2026, 12, 28), date(2026, 12, 20)),  # a week ago, not next December
        ("2027-01-08", date(2025, 4, 1), date(2027, 1, 8)),
    ],
)
def test_a_date_without_a_year_is_the_nearest_one(text: str, today: date, meant: date) -> None:
    assert parse_near_date(text, today) == meant


def test_an_unreadable_date_is_answered_with_an_example_of_the_current_year() -> None:
    with pytest.raises(DateError, match=r"请写成 5月10日 或 2027-05-10$"):
        parse_near_date("五号", date(2027, 1, 4))


def test_the_end_of_a_range_is_read_from_its_start() -> None:
    assert parse_end_date("1月3日", date(2026, 12, 30)) == date(2027, 1, 3)
    assert parse_end_date("12月31日", date(2026, 4, 25)) == date(2026, 12, 31)
    assert parse_end_date("4月20日", date(2026, 4, 28)) == date(2026, 4, 20)  # a typo, refused
    with pytest.raises(DateError, match="不存在"):
        parse_end_date("2月30日", date(2026, 12, 30))


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    app = create_app(app_settings(tmp_path, now=now))
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


async def test_late_december_deadlines_and_leave_run_into_january(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2026-12-28 10:00")
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, OWNER, "/问题 物流园 施工用电未接入")
    reply = await chat(client, ADMIN, "/交办 #1 西街街道 1月8日")
    assert "期限 2027年1月8日" in reply
    # 12-29, 12-30, 12-31, then 元旦 off (statutory, no notice loaded), 01-04, 01-05
    assert "期限 2027年1月5日" in await chat(client, ADMIN, "/交办 #2 北石店镇 5个工作日")
    assert "期限 12月20日 已经过去" in await chat(client, ADMIN, "/交办 #2 北石店镇 12月20日")
    reply = await chat(client, OWNER, "/请假 12月30日-1月3日")
    assert "已登记请假 12月30日至2027年1月3日" in reply


async def test_early_january_reads_december_as_last_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-01-04 10:00")
    reply = await chat(client, OWNER, "/请假 12月30日-1月3日")
    assert "结束日期 1月3日 已经过去" in reply
    assert "已登记请假 1月5日至1月8日" in await chat(client, OWNER, "/请假 1月5日-1月8日")
