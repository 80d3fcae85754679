"""A town's staff who own no project (联络员) in their unit's chat: leave, reports, /我的."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Leave, Person, Unit
from tests.support.apps import count
from tests.support.chat import chat
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER


async def test_staff_leave_for_an_owner_is_refused_and_names_who_must_send_it(
    client: TestClient,
) -> None:
    # 王强 (北石店镇 staff, owner of nothing) meant 张伟 to be on leave: it was stored as his
    # own leave with 张伟 reporting for him, and 张伟 went on being chased and counted 未报
    reply = await chat(client, COLLEAGUE, "/请假 4月28日-4月30日 张伟")
    assert "已登记" not in reply, reply
    assert "请假只能由责任人本人登记" in reply
    assert "请 张伟 发送“/请假 4月28日-4月30日”" in reply
    assert "“/请假 4月28日-4月30日 王强”" in reply  # naming the sender as the stand-in
    assert await count(client, Leave) == 0
    assert "城区智慧物流园（张伟）" in await chat(client, LEADER, "/未报")
    alone = await chat(client, COLLEAGUE, "/请假 4月28日-4月30日")
    assert "您名下没有需要填报的项目，无需请假" in alone
    assert await count(client, Leave) == 0


async def test_a_report_for_someone_elses_project_says_who_sent_it_for_whom(
    client: TestClient,
) -> None:
    # the reply to 王强's report read as 张伟's own: the group could not tell who reported
    said = "进度 物流园\n本月完成：100万\n累计完成：3800万\n形象进度：主体施工"
    reply = await chat(client, COLLEAGUE, said, chat_id="town")
    assert "已收到“城区智慧物流园”" in reply
    assert "填报人：王强（代责任人 张伟 填报）" in reply
    assert "填报人" not in await chat(client, OWNER, said.replace("3800万", "3900万"))


async def test_mine_for_staff_owning_nothing_points_to_their_units_projects(
    client: TestClient,
) -> None:
    # 王强 asked /我的 and was told only that no project was his: a dead end for a 联络员
    reply = await chat(client, COLLEAGUE, "/我的", chat_id="town")
    assert "没有登记由您负责或包联的项目" in reply
    assert "本单位（北石店镇）的项目请发送：" in reply
    assert "/亮灯 北石店镇" in reply and "/未报 北石店镇" in reply
    assert "/问题清单 北石店镇" in reply


async def test_mine_for_the_office_owning_nothing_points_to_every_units_lists(
    client: TestClient,
) -> None:
    # the office follows the whole county: its own unit's lists (here a town's, with projects)
    # read as if that unit were all hers to follow
    async with client.app[DB].write() as session:
        town = await session.scalar(select(Unit).where(Unit.name == "北石店镇"))
        admin = await session.scalar(select(Person).where(Person.mobile == ADMIN))
        assert town is not None and admin is not None
        admin.unit_id = town.id
    reply = await chat(client, ADMIN, "/我的", chat_id=None)
    assert "各单位的项目请发送：" in reply
    assert "· /亮灯  红灯" in reply and "· /未报  本周" in reply
    assert "本单位" not in reply


async def test_staff_naming_the_owner_by_mobile_are_told_whose_leave_it_is(
    client: TestClient,
) -> None:
    # the usage asks for a mobile where names clash: 张伟's mobile was not taken for 张伟
    reply = await chat(client, COLLEAGUE, f"/请假 4月28日-4月30日 {OWNER}")
    assert "请 张伟 发送“/请假 4月28日-4月30日”" in reply, reply
    assert await count(client, Leave) == 0
