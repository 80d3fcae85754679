"""A correction after its issue was closed (`/销号`) does not show the problem as current."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.reports import current_reports
from tests.support.seed import ADMIN, OWNER

RAISED = "进度 物流园\n累计完成：3500万\n形象进度：设备安装\n存在问题：临时用地手续还没办下来"


async def test_a_correction_after_the_issue_was_closed_says_no_problem(client: TestClient) -> None:
    assert "问题 #1" in await chat(client, OWNER, RAISED, chat_id="owners")
    assert "已销号" in await chat(client, ADMIN, "/销号 #1 已办结", chat_id="office")
    reply = await chat(client, OWNER, "更正：物流园累计3800万", chat_id="owners")
    # it said 存在问题：临时用地手续还没办下来, no number, as if current; /模板 says 无
    assert "已收到“城区智慧物流园”" in reply, reply
    assert "存在问题：无（问题 #1 已销号）" in reply and "临时用地" not in reply, reply
    assert (await current_reports(client))["P001"] == (None, 3800, "设备安装")
    assert "存在问题：无" in await chat(client, OWNER, "/模板 物流园")


async def test_a_correction_while_the_issue_is_open_keeps_it(client: TestClient) -> None:
    await chat(client, OWNER, RAISED, chat_id="owners")
    reply = await chat(client, OWNER, "更正：物流园累计3800万", chat_id="owners")
    assert "存在问题：临时用地手续还没办下来（问题 #1）" in reply, reply


async def test_only_the_first_correction_after_closing_names_the_closed_issue(
    client: TestClient,
) -> None:
    await chat(client, OWNER, RAISED, chat_id="owners")
    await chat(client, ADMIN, "/销号 #1 已办结", chat_id="office")
    await chat(client, OWNER, "更正：物流园累计3800万", chat_id="owners")
    reply = await chat(client, OWNER, "更正：物流园累计3900万", chat_id="owners")
    assert "存在问题：无" in reply and "#1" not in reply, reply


async def test_a_correction_after_one_of_two_issues_was_closed_keeps_the_open_one_only(
    client: TestClient,
) -> None:
    raised = RAISED.replace("临时用地手续还没办下来", "1.施工用电容量不足；2.临时用地手续未办结")
    assert "问题 #2" in await chat(client, OWNER, raised, chat_id="owners")
    await chat(client, ADMIN, "/销号 #2 已办结", chat_id="office")
    reply = await chat(client, OWNER, "更正：物流园累计3800万", chat_id="owners")
    # it said 存在问题：施工用电容量不足；临时用地手续未办结（问题 #1）, the closed one as #1's
    assert "存在问题：施工用电容量不足（问题 #1）" in reply and "临时用地" not in reply, reply
    assert "存在问题：施工用电容量不足\n" in await chat(client, OWNER, "/模板 物流园")
