"""A new /交办 to another group's unit tells the group that held the issue it is not theirs."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, OWNER


async def _handed_to_town(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 4月30日", chat_id="office")
    [handed] = await pushes(client, "town")
    assert handed.endswith("@张伟")


async def test_the_group_that_held_it_is_told_whom_it_went_to(client: TestClient) -> None:
    await _handed_to_town(client)
    reply = await chat(client, ADMIN, "/交办 #1 李娜 5月9日", chat_id="office")
    assert "已交办给 李娜（西街街道）" in reply
    _, moved = await pushes(client, "town")
    assert moved.startswith("【问题改派】#1 城区智慧物流园：临时用地手续未办结")
    assert "已改由 李娜（西街街道） 承办，期限 5月9日；北石店镇无需再办理。" in moved
    assert moved.endswith("@张伟")  # whom the first 交办 called out
    assert "【问题交办】#1" in (await pushes(client, "owners"))[-1]  # 西街街道 has no group


async def test_a_new_handler_in_the_same_group_gets_only_the_new_handing(
    client: TestClient,
) -> None:
    await _handed_to_town(client)
    await chat(client, ADMIN, "/交办 #1 王强 5月9日", chat_id="office")
    _, again = await pushes(client, "town")
    assert again.startswith("【问题交办】#1")
    assert "调整：原为 北石店镇" in again
