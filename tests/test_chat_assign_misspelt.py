"""A /交办 with a slip of the pen in its unit or person: the command as meant, to copy."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.seed import ADMIN

FOUND = "/问题 物流园 临时用地手续未办结"


async def test_a_misspelt_unit_is_answered_with_the_command_to_copy(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    reply = await chat(client, ADMIN, "/交办 #1 北石点镇 张伟 4月30日", chat_id="office")
    assert "台账中没有叫“北石点镇”的单位或人员，最接近的有：北石店镇" in reply
    assert "要这样交办请回复“是”" in reply
    fixed = reply.splitlines()[-1]
    assert fixed == "/交办 #1 北石店镇 张伟 4月30日"  # a line of its own, copied as it is
    assert "问题 #1 已交办给 张伟（北石店镇），期限 4月30日" in await chat(
        client, ADMIN, fixed, chat_id="office"
    )


async def test_no_command_is_offered_that_would_not_go_through(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    # 张伟 is 北石店镇's: 西街街道 张卫 corrected to 张伟 would still be refused
    reply = await chat(client, ADMIN, "/交办 #1 西街街道 张卫 4月30日", chat_id="office")
    assert "最接近的有：张伟" in reply
    assert "/交办 #1 西街街道 张伟" not in reply and "复制" not in reply


async def test_a_leader_is_not_offered_for_a_misspelt_handler(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    # 钱副区长 is the leader who 督办s; a slip is not taken for him (named in full, he may be)
    reply = await chat(client, ADMIN, "/交办 #1 钱付区长 4月30日", chat_id="office")
    assert "台账中没有叫“钱付区长”的单位或人员" in reply
    assert "钱副区长" not in reply


async def test_a_yes_runs_the_command_as_meant(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    await chat(client, ADMIN, "/交办 #1 北石点镇 张伟 4月30日", chat_id="office")
    reply = await chat(client, ADMIN, "是", chat_id="office")
    assert "问题 #1 已交办给 张伟（北石店镇），期限 4月30日" in reply
    assert "已交办" not in await chat(client, ADMIN, "是", chat_id="office")  # once only


async def test_only_the_next_message_may_accept_it(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    await chat(client, ADMIN, "/交办 #1 北石点镇 4月30日", chat_id="office")
    # the office went on to other things
    await chat(client, ADMIN, "/问题 污水管网 管材延迟交货", chat_id="office")
    assert "已交办" not in await chat(client, ADMIN, "是", chat_id="office")
    assert "（发现）" in await chat(client, ADMIN, "/问题清单 物流园", chat_id="office")


async def test_a_look_up_leaves_the_offer_waiting(client: TestClient) -> None:
    # reading the help on /交办 (or the list) before saying 是 is care, not a change of mind
    await chat(client, ADMIN, FOUND)
    await chat(client, ADMIN, "/交办 #1 北石点镇 4月30日", chat_id="office")
    assert "/交办" in await chat(client, ADMIN, "/帮助 交办", chat_id="office")
    await chat(client, ADMIN, "/问题清单", chat_id="office")
    reply = await chat(client, ADMIN, "是", chat_id="office")
    assert "问题 #1 已交办给 北石店镇，期限 4月30日" in reply
