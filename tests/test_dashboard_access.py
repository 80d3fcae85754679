"""Who sees what on the dashboard: /看板 links, their scope, tampering, expiry, revocation."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient

from bot.dashboard import access
from bot.keys import CLOCK, DB
from core.signed_links import sign
from storage.repos import dashboard_links
from tests.support.chat import chat
from tests.support.dashboard import OFFICE, link_of, open_link
from tests.support.seed import ADMIN, LEADER, OWNER, OWNER2


async def test_a_pushless_visit_is_asked_for_a_link(client: TestClient) -> None:
    for path in ("/dashboard", "/dashboard/", "/dashboard/projects/P001"):
        response = await client.get(path)
        assert response.status == 401, path
        text = await response.text()
        assert "/看板" in text and "城区智慧物流园" not in text
        # no push carries a link, and the overview refuses alike: neither is offered
        assert "私聊机器人发送“/看板”" in text and "群消息里的看板链接" not in text
        assert "返回看板首页" not in text


async def test_a_link_is_given_only_in_a_private_chat(client: TestClient) -> None:
    reply = await chat(client, OWNER2, "/看板", chat_id="owners")
    assert "私聊" in reply and "/dashboard/l/" not in reply


async def test_the_asker_link_opens_their_unit_only(client: TestClient) -> None:
    await open_link(client, OWNER2)  # 李娜, 西街街道
    units = await (await client.get("/dashboard/units")).text()
    assert "西街街道" in units and "北石店镇" not in units
    projects = await (await client.get("/dashboard/projects")).text()
    assert "西街老旧小区改造" in projects and "城区智慧物流园" not in projects
    other_unit = await client.get("/dashboard/units/北石店镇")
    assert other_unit.status == 403
    assert "城区智慧物流园" not in await other_unit.text()
    other_project = await client.get("/dashboard/projects/P001")
    assert other_project.status == 403
    assert "城区智慧物流园" not in await other_project.text()
    assert (await client.get("/dashboard/projects/P003")).status == 200
    own = await (await client.get("/dashboard/units/西街街道")).text()
    units = (await (await client.get("/api/units", headers=OFFICE)).json())["units"]
    rank = next(u["rank"] for u in units if u["unit"] == "西街街道")  # among all, not one
    assert f'data-figure="rank">{rank}<' in own and f"在 {len(units)} 个单位中的排名" in own


async def test_a_leader_sees_every_unit(client: TestClient) -> None:
    await open_link(client, LEADER)
    units = await (await client.get("/dashboard/units")).text()
    assert "西街街道" in units and "北石店镇" in units
    assert (await client.get("/dashboard/units/北石店镇")).status == 200


async def test_a_tampered_link_is_refused(client: TestClient) -> None:
    path = await link_of(client, LEADER)
    head, _, signature = path.rpartition(".")
    tampered = f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    response = await client.get(tampered)
    assert response.status == 403
    assert "无效" in await response.text()
    # Another link id with a borrowed signature is no better.
    forged = path.replace("/l/M", "/l/N", 1)
    assert (await client.get(forged)).status == 403
    assert (await client.get("/dashboard")).status == 401  # no cookie was set


async def test_an_expired_link_is_refused(client: TestClient) -> None:
    now = client.app[CLOCK].now()
    async with client.app[DB].write() as session:
        person = await _person_id(session, LEADER)
        link = await dashboard_links.issue(session, person, "person", now - timedelta(days=40), 30)
    token = sign(link.id, "secret-token-0123456789")
    response = await client.get(f"/dashboard/l/{token}")
    assert response.status == 403
    assert "过期" in await response.text()


async def test_the_office_revokes_a_link(client: TestClient) -> None:
    path = await link_of(client, OWNER2)
    refused = await chat(client, OWNER, "/看板 收回 李娜")
    assert "仅限" in refused
    assert "已收回李娜的看板链接 1 个" in await chat(client, ADMIN, "/看板 收回 李娜")
    again = await chat(client, ADMIN, "/看板 收回 李娜")
    assert "李娜目前没有有效的看板链接，无需收回" in again
    assert "0 个" not in again
    response = await client.get(path)
    assert response.status == 403
    assert "收回" in await response.text()


async def test_a_revoked_link_stops_working_in_an_open_browser(client: TestClient) -> None:
    await open_link(client, OWNER2)
    await chat(client, ADMIN, "/看板 收回 李娜")
    response = await client.get("/dashboard/units")
    assert response.status == 403
    assert "西街街道" not in await response.text()


async def test_the_office_token_opens_everything(client: TestClient) -> None:
    assert (await client.get("/dashboard/units", headers=OFFICE)).status == 200
    wrong = {"Authorization": "Bearer wrong-token-0123456789"}
    assert (await client.get("/dashboard/units", headers=wrong)).status == 403
    login = await client.post("/dashboard/login", data={"token": "nope"})
    assert login.status == 403
    # /看板 in a group answers only “私聊”: the pages send people there
    assert "私聊机器人发送“/看板”" in await (await client.get("/dashboard/login")).text()
    assert "私聊机器人发送“/看板”" in await (await client.get("/dashboard/units")).text()
    login = await client.post("/dashboard/login", data={"token": "secret-token-0123456789"})
    assert login.status == 200 and login.url.path == "/dashboard"
    assert "北石店镇" in await (await client.get("/dashboard/units")).text()


async def _person_id(session: object, mobile: str) -> int:
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession

    from storage.models import Person

    if not isinstance(session, AsyncSession):
        raise TypeError(session)
    found = await session.execute(select(Person.id).where(Person.mobile == mobile))
    return int(found.scalar_one())


async def test_a_login_form_of_broken_bytes_is_refused_in_words(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Bytes that are no form (broken UTF-8, a multipart body without its boundary) ask the
    office to log in again: a 400 page, not a 500 with a traceback."""
    bodies = {
        "application/x-www-form-urlencoded": b"\xff\xfe",
        "multipart/form-data; boundary=XyZ": b"garbage",
        "multipart/form-data": b"--XyZ\r\n",
    }
    for content_type, body in bodies.items():
        login = await client.post(
            "/dashboard/login", data=body, headers={"Content-Type": content_type}
        )
        assert login.status == 400, content_type
        assert "登录表单无法读取" in await login.text()
        assert access.OFFICE_COOKIE not in login.cookies
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
