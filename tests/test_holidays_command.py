"""`/节假日`: the office loads next year's 放假调休 arrangement by pasting the State Council
notice into a chat with the bot, and sees which years are loaded; no server shell needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import CALENDAR
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER

NOTICE = (Path(__file__).parent / "data" / "notices" / "2027-test.txt").read_text(encoding="utf-8")


@pytest.fixture
async def december(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The app on 7 December 2026, its holidays file not yet written."""
    app = create_app(app_settings(tmp_path, now="2026-12-07 10:00"))
    return await seeded_client(aiohttp_client, app)


async def test_the_office_pastes_the_notice_and_the_running_calendar_takes_it(
    december: TestClient, tmp_path: Path
) -> None:
    before = await chat(december, ADMIN, "/节假日", chat_id=None)
    assert "2027年：放假调休安排尚未导入" in before and "“/节假日”加换行再粘贴全文" in before
    assert not december.app[CALENDAR].current.is_workday(date(2027, 2, 20))  # a Saturday

    reply = await chat(december, ADMIN, f"/节假日\n{NOTICE}", chat_id=None)
    assert reply.startswith("已导入：国务院办公厅关于2027年部分节假日安排的通知")
    assert "春节：2027年2月5日（周五）至2027年2月12日（周五），共8天" in reply
    assert "2027年2月20日（周六）（春节）" in reply
    assert "[2027]" in (tmp_path / "holidays.toml").read_text(encoding="utf-8")

    after = await chat(december, ADMIN, "/节假日", chat_id=None)  # at once, not in seconds
    assert "2027年：放假调休安排已导入" in after
    assert december.app[CALENDAR].refresh()  # what the file watch does within seconds
    assert december.app[CALENDAR].current.is_workday(date(2027, 2, 20))
    assert "2027年：放假调休安排已导入（国务院办公厅关于2027年部分节假日安排的通知）" in after
    again = await chat(december, ADMIN, f"/节假日\n{NOTICE}", chat_id=None)
    assert "（替换了原有的2027年数据）" in again


async def test_a_notice_cut_short_or_garbled_changes_nothing(
    december: TestClient, tmp_path: Path
) -> None:
    cut = NOTICE[: NOTICE.index("四、")]
    reply = await chat(december, ADMIN, f"/节假日\n{cut}", chat_id=None)
    assert "没能全部读懂，放假安排未改动" in reply
    assert "没有劳动节、端午节、中秋节、国庆节的放假安排" in reply
    garbled = NOTICE.replace("2月5日", "2月35日")
    reply = await chat(december, ADMIN, f"/节假日 {garbled}", chat_id=None)
    assert "没能全部读懂" in reply and "这个日期不存在" in reply
    assert not (tmp_path / "holidays.toml").exists()


async def test_a_year_shows_its_days_and_only_the_office_may_import(
    december: TestClient, tmp_path: Path
) -> None:
    shown = await chat(december, ADMIN, "/节假日 2027", chat_id=None)
    assert "2027 年放假安排，来源：法定节假日推算" in shown
    assert "国庆节：2027年10月1日（周五）至2027年10月3日（周日），共3天" in shown
    assert "通知发布后，发送“/节假日”加换行再粘贴通知全文即可导入" in shown
    refused = await chat(december, OWNER, f"/节假日\n{NOTICE}", chat_id=None)
    assert "仅限专班办公室管理员使用" in refused
    assert not (tmp_path / "holidays.toml").exists()


async def test_a_holidays_file_that_cannot_be_written_is_said_and_left(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings = app_settings(tmp_path, now="2026-12-07 10:00")
    settings.calendar.holidays_file = blocker / "holidays.toml"
    client = await seeded_client(aiohttp_client, create_app(settings))
    reply = await chat(client, ADMIN, f"/节假日\n{NOTICE}", chat_id=None)
    assert reply.startswith("放假安排未能保存：") and "请联系系统管理员" in reply
    assert "不能写入（应设在服务可写的文件夹，见部署说明）" in reply and "Errno" not in reply


async def test_a_holidays_file_broken_by_hand_is_said_in_chinese_and_left(
    december: TestClient, tmp_path: Path
) -> None:
    written = tmp_path / "holidays.toml"
    written.write_text('[2030]\nholidays = ["2030-03-01"\n', encoding="utf-8")
    reply = await chat(december, ADMIN, f"/节假日\n{NOTICE}", chat_id=None)
    assert reply.startswith("放假安排未能保存") and f"节假日文件 {written} 格式有误" in reply
    assert "文件末尾：方括号“[ ]”没有配对，或各项之间缺少英文逗号“,”" in reply
    assert "line" not in reply and "Unexpected" not in reply
    assert reply.count("未改动") == 1  # said once, by the file's own line
    assert written.read_text(encoding="utf-8") == '[2030]\nholidays = ["2030-03-01"\n'


async def test_a_notice_pasted_without_the_command_says_how(december: TestClient) -> None:
    reply = await chat(december, ADMIN, NOTICE, chat_id=None)
    assert "这像是国务院的放假安排通知：导入请在通知全文前加“/节假日”和换行" in reply
