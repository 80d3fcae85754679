"""A /督办 answers the leader with whom the push @'d and in which group (or that nobody)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, LEADER


async def test_a_press_says_whom_it_called_and_where(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/交办 1 北石店镇 4月30日", chat_id="office")
    reply = await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    assert "问题 #1 已督办（第 1 次）" in reply
    assert "已在北石店镇项目群 @张伟。\n【" in reply
    assert (await pushes(client, "town"))[-1].endswith("@张伟")  # what the reply says happened


async def test_a_press_that_calls_nobody_says_so(client: TestClient) -> None:
    # 西街's project handed to 北石店镇: its group gets the push, but no owner there to @
    await chat(client, ADMIN, "/问题 老旧小区 管线迁改未完成")
    await chat(client, ADMIN, "/交办 1 北石店镇 4月30日", chat_id="office")
    reply = await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    assert "已发到北石店镇项目群，但没有 @ 到任何人" in reply
    assert "请电话通知" in reply and "@张伟" not in reply
