"""What the problem loop's replies tell: overdue counted alike in the list and on the
dashboard, and whom a 交办 to a unit @'d."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from sqlalchemy import update

from bot.keys import DB
from storage.models import Issue
from tests.support.apps import bind
from tests.support.chat import chat, pushes
from tests.support.dashboard import OFFICE
from tests.support.seed import ADMIN, LEADER, OWNER, OWNER2


async def _two_overdue_one_asked(client: TestClient) -> None:
    """#1 and #2 on 北石店镇's projects, past their deadline; 张伟 asked for #2's 销号."""
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/问题 厂房 施工许可未批")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5月9日", chat_id="office")
    await chat(client, ADMIN, "/交办 #2 北石店镇 5月9日", chat_id="office")
    async with client.app[DB].write() as session:
        await session.execute(update(Issue).values(deadline=date(2025, 4, 20)))
    assert "销号申请" in await chat(client, OWNER, "/销号 #2 施工许可已取得")


async def test_the_list_and_the_dashboard_say_which_overdue_issues_wait_for_closing(
    client: TestClient,
) -> None:
    await _two_overdue_one_asked(client)
    listed = await chat(client, LEADER, "/问题清单 超期")
    # the pushes' words, which say who must act: the office; 超期 said once in the heading
    heading = listed.splitlines()[0]
    assert heading.startswith("超期未销号问题（2 个，")
    assert heading.endswith("，其中 1 个已申请销号、待专班办公室确认）：")
    assert heading.count("超期") == 1
    assert "，已申请销号、待专班办公室确认）" in listed
    page = await (await client.get("/dashboard/issues", headers=OFFICE)).text()
    assert "逾期 2 个（其中 1 个已申请销号、待专班办公室确认）" in page
    overview = await (await client.get("/dashboard", headers=OFFICE)).text()
    assert "逾期问题（2，其中 1 个已申请销号、待专班办公室确认）" in overview
    assert " · 已申请销号、待专班办公室确认" in overview
    assert "申请销号待确认" not in listed + page + overview


async def test_a_handover_to_a_unit_says_whom_its_group_was_told(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    own = await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    # 张伟 owns 物流园 in 北石店镇; the group is named as /督办's reply names it
    assert "已在北石店镇项目群 @张伟。\n【城区智慧物流园】" in own
    # 老旧小区 is 西街街道's: handed to 北石店镇, whose people own none of it, nobody is @'d
    other = await chat(client, ADMIN, "/交办 #2 北石店镇 5个工作日", chat_id="office")
    assert "北石店镇没有本项目的责任人，北石店镇项目群的交办消息未 @ 任何人" in other
    assert "“/交办 #2 北石店镇 姓名 期限”指定承办人" in other
    assert "北石店镇还没有人绑定机器人" in other
    assert "@" not in (await pushes(client, "town"))[-1].split("【问题交办】#2")[-1]


async def test_a_handover_to_a_unit_names_its_bound_people_when_nobody_is_called(
    client: TestClient,
) -> None:
    await bind(client.app, OWNER, "zhangwei", "local")
    await bind(client.app, OWNER2, "lina", "local")
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    reply = await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    assert "未 @ 任何人" in reply and "北石店镇已绑定机器人的有：张伟" in reply


async def test_the_issues_download_says_whose_closing_waits_for_the_office(
    client: TestClient,
) -> None:
    # the office's .xlsx of issues showed #2 as 已交办 and 逾期 like #1, nothing of the request
    await _two_overdue_one_asked(client)
    response = await client.get("/dashboard/issues?format=xlsx", headers=OFFICE)
    sheet = load_workbook(BytesIO(await response.read())).active
    assert sheet is not None
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[header.index("销号申请") + 1] == "销号日期"
    asked = {row[0]: row[header.index("销号申请")] for row in rows}
    assert asked == {2: "张伟 4月24日申请，待专班办公室确认", 1: None}
    # the office's confirmation ends it: closed, the column is blank again
    assert "已销号" in await chat(client, ADMIN, "/销号 #2", chat_id="office")
    response = await client.get("/dashboard/issues?format=xlsx", headers=OFFICE)
    sheet = load_workbook(BytesIO(await response.read())).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert {row[0]: row[header.index("销号申请")] for row in rows} == {1: None, 2: None}


async def test_no_overdue_issue_is_said_so_without_the_word_as_a_place(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    listed = await chat(client, LEADER, "/问题清单 超期")
    assert "没有超期未销号的问题" in listed and "“超期”" not in listed


async def test_a_handover_to_a_person_says_where_they_were_called(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    reply = await chat(client, ADMIN, "/交办 #1 张伟 5个工作日", chat_id="office")
    assert "已交办给 张伟（北石店镇）" in reply and "已在北石店镇项目群 @张伟。\n" in reply
