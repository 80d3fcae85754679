"""The chat simulator page and the local adapter's switch."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.keys import DB
from storage.models import Person
from tests.support.apps import app_settings
from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, LEADER, OWNER, seed


async def test_page_offers_ledger_people_and_groups(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    page = await response.text()
    assert "聊天模拟器" in page
    assert f'value="{OWNER}"' in page
    assert "张伟（北石店镇）" in page
    assert "赵敏（区发改科技局·管理员）" in page
    async with client.app[DB].write() as session:  # a leader the ledger gives no unit
        await session.execute(update(Person).where(Person.mobile == LEADER).values(unit_id=None))
    page = await (await client.get("/")).text()
    assert "钱副区长（领导）" in page and "（·" not in page
    assert 'value="owners">城区项目责任人群' in page
    # the greeting points at the one-tap commands, which sit between the chat and the input
    # box: below it they were off a phone's screen
    assert "试试点输入框上方的 /帮助" in page
    assert page.index('id="log"') < page.index('class="hints"') < page.index('<form id="form"')


async def test_pushes_show_up_in_the_chat_they_went_to(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/交办 1 北石店镇 5个工作日")
    town = await pushes(client, "town")
    assert len(town) == 1
    assert "【问题交办】#1" in town[0]
    assert await pushes(client, "leaders") == []
    [found] = await pushes(client, "office")
    assert "【新问题】#1" in found
    assert "/交办 #1" in found


async def test_missing_chat_id_is_a_400(client: TestClient) -> None:
    response = await client.get("/local/messages")
    assert response.status == 400


async def test_local_adapter_is_off_unless_enabled(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, local={"enabled": False}))
    client = await aiohttp_client(app)
    assert (await client.get("/")).status == 404
    body = {"msg_id": "1", "chat_id": "owners", "user_id": OWNER, "text": "/帮助"}
    assert (await client.post("/callback/local", json=body)).status == 404


async def test_templates_can_be_overridden_from_a_folder(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    folder = tmp_path / "my-templates" / "replies"
    folder.mkdir(parents=True)
    (folder / "not_understood.md.j2").write_text("本办自定义：看不懂“{{ text }}”，请发 /帮助")
    app = create_app(app_settings(tmp_path, templates={"override_dir": str(folder.parent)}))
    client = await aiohttp_client(app)
    await seed(app[DB])
    assert await chat(client, OWNER, "你好", chat_id=None) == "本办自定义：看不懂“你好”，请发 /帮助"
    assert "使用说明" in await chat(client, OWNER, "/帮助")  # the others stay built in
