"""A message stored before a crash and answered later by the sweeper is answered as it would
have been live: a picture, a message @-ing the bot, the sender's nickname all survive the row.

The crash is simulated as in test_accept_once: the row is stored, nothing answers it, and the
sweeper finds it unanswered at two sweeps in a row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import bindparam, text

from bot.app import create_app
from bot.inbound import Sweeper, handle_message
from bot.keys import CLOCK, DB, WRITER
from core.messages import InboundMessage, PlatformName
from storage.db import Database
from storage.migrate import downgrade, upgrade
from storage.model_base import Stamp
from storage.repos import inbound
from tests.support.apps import app_settings
from tests.support.chat import pushes
from tests.support.seed import LEADER, OWNER, seed

TEXT_ONLY = "调度助手目前只能读文字消息"


def _message(
    client: TestClient,
    msg_id: str,
    *,
    platform: PlatformName = "local",
    chat_id: str | None = "owners",
    sender_id: str = OWNER,
    text: str = "",
    **said: object,
) -> InboundMessage:
    return InboundMessage.model_validate(
        {
            "platform": platform,
            "bot": "local",
            "chat_id": chat_id,
            "sender_id": sender_id,
            "text": text,
            "msg_id": msg_id,
            "received_at": client.app[CLOCK].now(),
            **said,
        }
    )


async def _crash_then_sweep(client: TestClient, msg: InboundMessage) -> None:
    """Store `msg` as the live path does, answer nothing, and let the sweeper answer it."""
    row = inbound.row_of(msg, None)
    await client.app[WRITER].run(lambda session: inbound.accept(session, row))
    sweeper = Sweeper(client.app)
    assert await sweeper.sweep() == 0  # seen once: maybe still under way elsewhere
    assert await sweeper.sweep() == 1


async def _live(client: TestClient, msg: InboundMessage) -> list[str]:
    """What the same message, under another id, is answered live."""
    again = msg.model_copy(update={"msg_id": f"{msg.msg_id}-live"})
    return [answer.text for answer in await handle_message(client.app, again)]


async def test_a_picture_sent_to_the_bot_alone_is_told_it_reads_text_only(
    backend: TestClient,
) -> None:
    msg = _message(backend, "pic-1", chat_id=None, unreadable=True)
    await _crash_then_sweep(backend, msg)
    [late] = await pushes(backend, OWNER)  # a 1:1 chat's late answer goes to its sender
    assert TEXT_ONLY in late
    assert await _live(backend, msg) == [late]


async def test_a_picture_in_a_group_not_said_to_the_bot_stays_unanswered(
    backend: TestClient,
) -> None:
    msg = _message(backend, "pic-2", unreadable=True)
    await _crash_then_sweep(backend, msg)
    assert await pushes(backend, "owners") == []
    assert await _live(backend, msg) == []


async def test_a_group_message_at_ing_the_bot_is_answered(backend: TestClient) -> None:
    # DingTalk cuts the robot's @ out of the text and says `addressed` instead
    msg = _message(backend, "at-1", text="怎么报进度", addressed=True)
    await _crash_then_sweep(backend, msg)
    [late] = await pushes(backend, "owners")
    assert "报进度：先发送“/模板 项目名”" in late
    assert await _live(backend, msg) == [late]


async def test_a_bind_request_names_the_accounts_nickname_to_the_office(
    backend: TestClient,
) -> None:
    msg = _message(
        backend,
        "bind-1",
        platform="wecom",
        chat_id=None,
        sender_id="impostor",
        text=f"/绑定 {LEADER}",
        sender_name="小钱",
    )
    await _crash_then_sweep(backend, msg)
    [notice] = await pushes(backend, "office")
    assert "企业微信账号 impostor（小钱）申请绑定为 钱副区长" in notice


async def test_a_stored_message_comes_back_as_it_arrived(backend: TestClient) -> None:
    msg = _message(
        backend,
        "all-1",
        platform="dingtalk",
        text="@张伟 看下",
        sender_name="小钱",
        mentions=("staff-1", "staff-2"),
        addressed=True,
        unreadable=False,
    )
    row = inbound.row_of(msg, {"session_webhook": "https://example.invalid/x"})
    await backend.app[WRITER].run(lambda session: inbound.accept(session, row))
    async with backend.app[DB].read() as session:
        stored = await inbound.find(session, "dingtalk", "local", "all-1")
    assert stored is not None
    assert inbound.message_of(stored) == msg


OLD_ROW = text(
    "INSERT INTO inbound (platform, bot, platform_msg_id, chat_id, sender, text, received_at,"
    " state) VALUES ('local', 'local', 'old-1', 'owners', :sender, :text, :at, 'new')"
).bindparams(bindparam("at", type_=Stamp()))


async def test_a_row_stored_before_the_upgrade_is_answered_as_before(
    aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str
) -> None:
    db = Database(db_url)
    try:
        await upgrade(db, "0017")  # the schema before the inbound rows kept these
        async with db.engine.begin() as conn:
            report = "进度 城区智慧物流园\n本月完成：1200万\n累计完成：3500万"
            at = datetime(2025, 4, 24, 2, 0, tzinfo=UTC)
            await conn.execute(OLD_ROW, {"sender": OWNER, "text": report, "at": at})
        await upgrade(db)
    finally:
        await db.dispose()
    client = await aiohttp_client(create_app(app_settings(tmp_path, database={"url": db_url})))
    await seed(client.app[DB])
    sweeper = Sweeper(client.app)
    assert (await sweeper.sweep(), await sweeper.sweep()) == (0, 1)
    [late] = await pushes(client, "owners")
    assert "已收到“城区智慧物流园”" in late


async def test_the_upgrade_goes_back_and_forth(db: Database) -> None:
    await downgrade(db, "0017")  # the kept fields are dropped, the rows stay
    await upgrade(db)
