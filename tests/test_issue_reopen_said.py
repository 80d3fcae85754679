"""/重开 told to whoever handles the issue: why it was reopened, and what of its deadline."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, COLLEAGUE, OWNER


async def _closed(client: TestClient, deadline: str) -> None:
    """Issue #1 on 物流园 handed to 北石店镇, asked closed by its handler and confirmed."""
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, f"/交办 #1 北石店镇 {deadline}", chat_id="office")
    await chat(client, COLLEAGUE, "/销号 #1 手续已办结", chat_id="town")
    assert "问题 #1 已销号" in await chat(client, ADMIN, "/销号 #1", chat_id="office")


async def test_the_handler_is_told_why_the_issue_was_reopened(client: TestClient) -> None:
    await _closed(client, "4月30日")
    reply = await chat(client, ADMIN, "/重开 #1 复查发现二期仍未进场", chat_id="office")
    reopened = (await pushes(client, "town"))[-1]
    assert "【问题重开】#1" in reopened
    assert "重开原因：复查发现二期仍未进场" in reopened
    assert "期限 4月30日" in reopened
    # the reply's own sentence ends its line: the issue named on the next, as every reply does
    assert "当前状态：已交办。\n【城区智慧物流园】临时用地手续未办结" in reply


async def test_a_lapsed_deadline_is_said_to_await_the_office(client: TestClient) -> None:
    await _closed(client, "4月24日")  # today: cleared on reopening
    await chat(client, ADMIN, "/重开 #1 资金只到位一半", chat_id="office")
    reopened = (await pushes(client, "town"))[-1]
    assert "重开原因：资金只到位一半" in reopened
    assert "新的期限待专班办公室交办" in reopened
