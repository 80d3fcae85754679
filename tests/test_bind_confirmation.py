"""Binding a leader's or an admin's mobile needs an admin's `/确认绑定` in the office group, and
the answers to `/绑定` never tell a stranger whether a mobile is in the ledger or whose it is."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import BindRequest, Identity, Person
from tests.support.apps import bind, count
from tests.support.chat import chat, pushes
from tests.support.platform_chat import as_account
from tests.support.seed import ADMIN, LEADER, OWNER, STRANGER

ASKED = "须由专班办公室核实后确认"
UNKNOWN = "没有在项目台账的人员名单中登记"


async def _bound_to(client: TestClient, account: str) -> str | None:
    async with client.app[DB].read() as session:
        statement = (
            select(Person.mobile)
            .join(Identity, Identity.person_id == Person.id)
            .where(Identity.platform == "wecom", Identity.external_id == account)
        )
        return (await session.execute(statement)).scalar_one_or_none()


def _unmasked(reply: str) -> str:
    return re.sub(r"139＊＊＊＊\d{4}", "139＊＊＊＊xxxx", reply)


async def test_a_stranger_cannot_bind_a_leaders_mobile_until_an_admin_confirms(
    client: TestClient,
) -> None:
    reply = await as_account(client, "impostor", f"/绑定 {LEADER}", sender_name="小钱")
    assert ASKED in reply
    assert "钱副区长" not in reply
    assert UNKNOWN in await as_account(client, "impostor", "/亮灯")
    assert await _bound_to(client, "impostor") is None
    [notice] = await pushes(client, "office")
    assert "【绑定待确认】企业微信账号 impostor（小钱）申请绑定为 钱副区长" in notice
    assert f"/确认绑定 {LEADER}" in notice

    reply = await chat(client, ADMIN, f"/确认绑定 {LEADER}", chat_id="office")
    assert f"已确认：钱副区长（{LEADER}）的企业微信账号 impostor（小钱）绑定生效" in reply
    assert await _bound_to(client, "impostor") == LEADER
    assert UNKNOWN not in await as_account(client, "impostor", "/亮灯")
    assert await count(client, BindRequest) == 0
    assert "没有待确认的绑定申请" in await chat(
        client, ADMIN, f"/确认绑定 {LEADER}", chat_id="office"
    )


async def test_binding_answers_are_the_same_whoever_the_mobile_belongs_to(
    client: TestClient,
) -> None:
    await bind(client.app, OWNER, "zhangwei", "wecom")
    answers = {
        mobile: await as_account(client, f"probe{mobile}", f"/绑定 {mobile}")
        for mobile in (STRANGER, LEADER, ADMIN, OWNER)  # nobody, leader, admin, already bound
    }
    assert ASKED in answers[STRANGER]
    assert len({_unmasked(answer) for answer in answers.values()}) == 1
    for answer in answers.values():
        assert not re.search(r"管理员账号|领导|已绑定|台账中没有|钱副区长|赵|张伟", answer), answer
    assert await count(client, Identity) == 1  # only 张伟's own


async def test_only_an_admin_in_the_office_group_confirms(client: TestClient) -> None:
    await as_account(client, "impostor", f"/绑定 {ADMIN}")
    assert "仅限专班办公室管理员" in await chat(client, LEADER, f"/确认绑定 {ADMIN}")
    reply = await chat(client, ADMIN, f"/确认绑定 {ADMIN}", chat_id="owners")
    assert "须在专班办公室群里发送" in reply
    assert await _bound_to(client, "impostor") is None
    assert "已确认" in await chat(client, ADMIN, f"/确认绑定 {ADMIN}", chat_id="office")
    assert await _bound_to(client, "impostor") == ADMIN


async def test_several_accounts_asking_are_listed_and_one_is_chosen(client: TestClient) -> None:
    await as_account(client, "real-qian", f"/绑定 {LEADER}", sender_name="钱")
    await as_account(client, "fake-qian", f"/绑定 {LEADER}", sender_name="钱 ")
    await as_account(client, "real-qian", f"/绑定 {LEADER}")  # asking again lists it once
    assert len(await pushes(client, "office")) == 2
    reply = await chat(client, ADMIN, f"/确认绑定 {LEADER}", chat_id="office")
    assert "有 2 个账号申请绑定" in reply
    assert "1. 企业微信账号 real-qian" in reply and "2. 企业微信账号 fake-qian" in reply
    assert "4月24日（周四）10:00 申请" in reply  # Beijing time, as people read it
    assert await _bound_to(client, "real-qian") is None
    assert "有 2 个账号" in await chat(client, ADMIN, f"/确认绑定 {LEADER} 3", chat_id="office")
    assert "已确认" in await chat(client, ADMIN, f"/确认绑定 {LEADER} 1", chat_id="office")
    assert await _bound_to(client, "real-qian") == LEADER
    assert await _bound_to(client, "fake-qian") is None
    assert UNKNOWN in await as_account(client, "fake-qian", "/我的")


async def test_a_second_account_for_a_bound_mobile_waits_for_an_unbind(client: TestClient) -> None:
    await bind(client.app, OWNER, "zhangwei", "wecom")
    assert ASKED in await as_account(client, "zhangwei-new", f"/绑定 {OWNER}")
    [notice] = await pushes(client, "office")
    assert "在该平台已绑定其他账号" in notice
    reply = await chat(client, ADMIN, f"/确认绑定 {OWNER}", chat_id="office")
    assert f"请先发送“/解绑 {OWNER}”" in reply
    assert await _bound_to(client, "zhangwei-new") is None
    await bind(client.app, ADMIN, "zhaomin", "wecom")
    assert "已撤销 张伟" in await as_account(client, "zhaomin", f"/解绑 {OWNER}")
    assert "已确认" in await chat(client, ADMIN, f"/确认绑定 {OWNER}", chat_id="office")
    assert await _bound_to(client, "zhangwei-new") == OWNER


@pytest.mark.parametrize("account", ["s" * 200, "ou_" + "x" * 197])
async def test_requests_and_confirmations_are_stored_on_every_backend(
    backend: TestClient, account: str
) -> None:
    assert ASKED in await as_account(backend, account, f"/绑定 {LEADER}")
    assert "已确认" in await chat(backend, ADMIN, f"/确认绑定 {LEADER}", chat_id="office")
    assert await _bound_to(backend, account) == LEADER
