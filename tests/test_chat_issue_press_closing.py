"""A leader's /督办 of an issue whose 销号 waits for the office presses the office, not the
handler who asked for it; a /督办 of any other handed issue presses its handler as before."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Issue, IssueEvent, Person
from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, LEADER, OWNER


async def _asked_to_close(client: TestClient) -> None:
    """#1 (物流园) handed to 北石店镇, 张伟 asked for its 销号; #2 (厂房) handed, nothing asked."""
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/问题 厂房 施工许可未批")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5月9日", chat_id="office")
    await chat(client, ADMIN, "/交办 #2 北石店镇 5月9日", chat_id="office")
    assert "销号申请" in await chat(client, OWNER, "/销号 #1 临时用地手续已办结", chat_id="town")


async def _issue(client: TestClient, number: int) -> tuple[Issue, list[tuple[str, str, str]]]:
    """Issue `number` and its history as (action, who, note)."""
    async with client.app[DB].read() as session:
        issue = (await session.execute(select(Issue).where(Issue.number == number))).scalar_one()
        statement = (
            select(IssueEvent.action, Person.name, IssueEvent.note)
            .join(Person, Person.id == IssueEvent.actor_id)
            .where(IssueEvent.issue_id == issue.id)
            .order_by(IssueEvent.id)
        )
        return issue, [tuple(row) for row in (await session.execute(statement)).all()]


async def test_a_leaders_press_on_an_issue_asked_to_close_presses_the_office(
    client: TestClient,
) -> None:
    await _asked_to_close(client)
    town, office = len(await pushes(client, "town")), len(await pushes(client, "office"))
    reply = await chat(client, LEADER, "/督办 #1 本周内办结", chat_id="leaders")
    assert reply.startswith(
        "问题 #1 已由张伟于 4月24日 10:00 申请销号，办理结果：临时用地手续已办结，"
        "正等专班办公室确认。\n"
        "已督促专班办公室确认：同意发送“/销号 #1”，不同意发送“/驳回 #1 原因”"
        "（驳回后问题继续办理）。承办方已办结待确认，未再督办，督办次数不变。"
    )
    assert "已督办" not in reply
    # the handler who did their part is not pressed: nothing new in the unit's group
    assert len(await pushes(client, "town")) == town
    [pressed] = (await pushes(client, "office"))[office:]
    assert pressed.startswith(
        "【督办销号】钱副区长 督办问题 #1（城区智慧物流园：临时用地手续未办结）的销号确认："
        "本周内办结。\n张伟已于 4月24日 10:00 申请销号，办理结果：临时用地手续已办结。\n"
        "请尽快确认：同意请发送“/销号 #1”，不同意请发送“/驳回 #1 原因”。"
    )
    assert "@张伟" not in pressed
    issue, history = await _issue(client, 1)
    # no 督办 of the handler: the count and state stay, the request stands, the press is kept
    assert (issue.escalation_level, issue.state) == (0, "已交办")
    assert issue.close_requested_by_id is not None
    assert history[-1] == ("督办销号", "钱副区长", "本周内办结")
    assert "督办 1 次" not in await chat(client, LEADER, "/问题清单 #1")


async def test_once_the_office_turns_the_request_down_a_press_reaches_the_handler(
    client: TestClient,
) -> None:
    await _asked_to_close(client)
    await chat(client, LEADER, "/督办 #1 本周内办结", chat_id="leaders")
    await chat(client, ADMIN, "/驳回 #1 证件未见", chat_id="office")
    # the press of the office does not hold back the next one as a 督办 of the handler would
    reply = await chat(client, LEADER, "/督办 #1 本周内办结", chat_id="leaders")
    assert "问题 #1 已督办（第 1 次）" in reply and "已在北石店镇项目群 @张伟。" in reply
    assert "【问题督办】#1" in (await pushes(client, "town"))[-1]


async def test_a_press_on_an_issue_nobody_asked_to_close_is_as_before(
    client: TestClient,
) -> None:
    await _asked_to_close(client)
    office = len(await pushes(client, "office"))
    reply = await chat(client, LEADER, "/督办 #2 本周内办结", chat_id="leaders")
    assert "问题 #2 已督办（第 1 次），请北石店镇抓紧办理。" in reply
    assert "已在北石店镇项目群 @张伟。" in reply and "申请销号" not in reply
    told = (await pushes(client, "town"))[-1]
    assert "【问题督办】#2" in told and "督办要求：本周内办结" in told
    assert len(await pushes(client, "office")) == office
    issue, history = await _issue(client, 2)
    assert (issue.escalation_level, issue.state) == (1, "督办中")
    assert history[-1] == ("督办", "钱副区长", "第 1 次督办：本周内办结")
