"""WeCom AI-bot long connection: answered like the URL callback, over a fake gateway."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aibot
import aibot.ws
import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.adapters.wecom.frames import Frame
from bot.adapters.wecom.longconn import LongConnection
from bot.app import create_app
from bot.inbound import handle_message
from bot.keys import CLOCK, DB
from core.messages import InboundMessage
from core.settings import BotSettings
from storage.models import Inbound, Report
from tests.fakes.wecom_peer import REPORT
from tests.fakes.wecom_ws_server import WeComGateway
from tests.support.apps import app_settings, count, seeded_client
from tests.support.payloads import payload
from tests.support.seed import CONFIRMATION

BOT = {
    "name": "wxl",
    "platform": "wecom",
    "kind": "aibot",
    "mode": "longconn",
    "app_key": "aibot-id",
    "app_secret": "aibot-secret-0123456789",
}


def callback(text: str = REPORT, msgid: str = "MSG-1", userid: str = "zhangwei") -> dict[str, Any]:
    """The body of an `aibot_msg_callback`: the same JSON the URL callback decrypts to."""
    body = payload("wecom", "aibot_text")
    del body["response_url"]  # answers go back on the socket
    body.update({"msgid": msgid, "aibotid": "aibot-id", "from": {"userid": userid}})
    body["text"] = {"content": text}
    return body


def frame(body: dict[str, Any], req_id: str = "req-1", cmd: str = "aibot_msg_callback") -> Frame:
    """A callback frame as it comes off the socket."""
    return Frame.model_validate({"cmd": cmd, "headers": {"req_id": req_id}, "body": body})


class Pauses:
    """A recording stand-in for asyncio.sleep between reconnection attempts."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


@pytest.fixture
async def wxl(aiohttp_client: AiohttpClient, tmp_path: Path, gateway: WeComGateway) -> TestClient:
    """The app holding its own long connection for the AI bot `wxl` to the fake gateway."""
    app = create_app(app_settings(tmp_path, bots=[{**BOT, "api_base": origin(gateway)}]))
    return await seeded_client(aiohttp_client, app, wecom="zhangwei")


@pytest.fixture
async def bare(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The app with no long connection of its own, for connections the tests drive."""
    app = create_app(app_settings(tmp_path))
    return await seeded_client(aiohttp_client, app, wecom="zhangwei")


@contextlib.asynccontextmanager
async def running(connection: LongConnection) -> AsyncIterator[asyncio.Task[None]]:
    """Run the connection in a task, cancelled on the way out."""
    task = asyncio.create_task(connection.run())
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def origin(gateway: WeComGateway) -> str:
    """The fake gateway as an `api_base` (the http origin the WebSocket upgrades from)."""
    return gateway.url.replace("ws://", "http://").rstrip("/")


def _bot(
    secret: str = "aibot-secret-0123456789", gateway: WeComGateway | None = None
) -> BotSettings:
    api_base = origin(gateway) if gateway is not None else None
    return BotSettings.model_validate({**BOT, "app_secret": secret, "api_base": api_base})


async def test_a_report_frame_is_answered_on_the_socket_with_the_confirmation(
    wxl: TestClient, gateway: WeComGateway
) -> None:
    await gateway.wait_until(gateway.is_live)
    req_id = await gateway.push(callback())
    await gateway.wait_until(lambda: bool(gateway.answers(req_id)))
    [frame] = [f for f in gateway.responses if f["headers"]["req_id"] == req_id]
    assert frame["cmd"] == "aibot_respond_msg"
    assert frame["body"]["msgtype"] == "stream"
    assert frame["body"]["stream"]["finish"] is True
    assert CONFIRMATION in frame["body"]["stream"]["content"]
    async with wxl.app[DB].read() as session:
        [row] = (await session.execute(select(Inbound))).scalars().all()
        [report] = (await session.execute(select(Report))).scalars().all()
    assert (row.platform, row.bot, row.chat_id, row.sender) == (
        "wecom",
        "wxl",
        "CHATID",
        "zhangwei",
    )
    assert report.progress_text == "主体结构封顶"


async def test_the_same_msgid_twice_is_answered_once_and_stored_once(bare: TestClient) -> None:
    connection = LongConnection(bare.app, _bot())
    first = await connection.answer(frame(callback(), "req-1"))
    again = await connection.answer(frame(callback(), "req-2"))
    assert first is not None
    assert first["headers"]["req_id"] == "req-1"
    assert again is None
    assert await count(bare, Inbound) == 1
    assert await count(bare, Report) == 1


async def test_two_deliveries_at_once_get_one_answer(bare: TestClient) -> None:
    connection = LongConnection(bare.app, _bot())
    answers = await asyncio.gather(
        connection.answer(frame(callback(), "req-1")), connection.answer(frame(callback(), "req-2"))
    )
    assert sum(answer is not None for answer in answers) == 1
    assert await count(bare, Report) == 1


async def test_a_message_already_answered_through_the_callback_is_not_answered_again(
    bare: TestClient,
) -> None:
    earlier = InboundMessage(
        platform="wecom", bot="wxl", chat_id="CHATID", sender_id="zhangwei", text=REPORT,
        msg_id="MSG-1", received_at=bare.app[CLOCK].now(),
    )  # fmt: skip
    await handle_message(bare.app, earlier)
    assert await LongConnection(bare.app, _bot()).answer(frame(callback())) is None
    assert await count(bare, Report) == 1


async def test_events_and_images_get_the_callback_answers(bare: TestClient) -> None:
    connection = LongConnection(bare.app, _bot())
    entered = payload("wecom", "aibot_enter_chat")
    welcome = await connection.answer(frame(entered, cmd="aibot_event_callback"))
    assert welcome is not None
    assert welcome["cmd"] == "aibot_respond_welcome_msg"
    assert "调度助手" in welcome["body"]["text"]["content"]
    image = {**callback(), "msgtype": "image", "image": {"url": "https://x.invalid/i"}}
    declined = await connection.answer(frame(image))
    assert declined is not None
    assert "只能读文字消息" in declined["body"]["stream"]["content"]
    assert await count(bare, Inbound) == 0


async def test_a_refused_secret_backs_off_up_to_a_minute_and_is_logged(
    bare: TestClient, gateway: WeComGateway, caplog: pytest.LogCaptureFixture
) -> None:
    pauses = Pauses()
    connection = LongConnection(bare.app, _bot("wrong-secret-0123456789", gateway), sleep=pauses)
    async with running(connection) as task:
        await gateway.wait_until(lambda: len(gateway.refused) >= 8)
        assert not task.done()
    assert pauses.delays[:8] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert gateway.subscribed == []
    refusals = [r for r in caplog.records if r.levelno == logging.ERROR and "refused" in r.message]
    assert refusals


async def test_a_dropped_connection_reconnects_and_keeps_answering(
    bare: TestClient, gateway: WeComGateway
) -> None:
    pauses = Pauses()
    connection = LongConnection(bare.app, _bot(gateway=gateway), sleep=pauses)
    async with running(connection):
        await gateway.wait_until(gateway.is_live)
        await gateway.drop()
        await gateway.wait_until(lambda: len(gateway.subscribed) == 2 and gateway.is_live())
        req_id = await gateway.push(callback())
        await gateway.wait_until(lambda: bool(gateway.answers(req_id)))
    assert pauses.delays == [1.0]


async def test_pings_keep_the_connection_and_silence_ends_it(
    bare: TestClient, gateway: WeComGateway
) -> None:
    connection = LongConnection(bare.app, _bot(gateway=gateway), heartbeat=0.02, sleep=Pauses())
    async with running(connection):
        await gateway.wait_until(lambda: gateway.pings >= 3)
        assert gateway.subscribed == ["aibot-id"]
        gateway.silent = True
        await gateway.wait_until(lambda: len(gateway.subscribed) == 2)


async def test_cancelling_closes_the_connection_within_a_second(
    bare: TestClient, gateway: WeComGateway
) -> None:
    task = asyncio.create_task(LongConnection(bare.app, _bot(gateway=gateway)).run())
    await gateway.wait_until(gateway.is_live)
    task.cancel()
    async with asyncio.timeout(1):
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert task.cancelled()
    await gateway.wait_until(lambda: not gateway.is_live())


async def test_the_app_holds_one_connection_per_longconn_ai_bot_only(
    aiohttp_client: AiohttpClient, tmp_path: Path, gateway: WeComGateway
) -> None:
    callback_bot = {
        "name": "wxcb", "platform": "wecom", "kind": "aibot",
        "token": "wecom-token-0123456789", "encoding_aes_key": "a" * 43, "app_key": "aibot-2",
    }  # fmt: skip
    first = {**BOT, "api_base": origin(gateway)}
    second = {**first, "name": "wxl2", "app_key": "aibot-2", "app_secret": "secret-2-0123456789ab"}
    app = create_app(app_settings(tmp_path, bots=[first, second, callback_bot]))
    await aiohttp_client(app)
    await gateway.wait_until(lambda: sorted(gateway.subscribed) == ["aibot-2", "aibot-id"])
    services = {t.get_name() for t in asyncio.all_tasks()}
    assert {"wecom-longconn:wxl", "wecom-longconn:wxl2"} <= services
    assert "wecom-longconn:wxcb" not in services


def test_a_longconn_bot_needs_its_bot_id_and_secret_not_the_callback_keys() -> None:
    assert _bot().app_key == "aibot-id"
    with pytest.raises(ValueError, match="app_key"):
        BotSettings.model_validate({**BOT, "app_key": None})
    with pytest.raises(ValueError, match="智能机器人"):
        BotSettings.model_validate({**BOT, "kind": "app"})


class _SdkLog:
    """The SDK's logger protocol, onto logging."""

    def __init__(self) -> None:
        self.log = logging.getLogger("aibot")

    def debug(self, message: str, *args: object) -> None:
        self.log.debug(message)

    def info(self, message: str, *args: object) -> None:
        self.log.info(message)

    def warn(self, message: str, *args: object) -> None:
        self.log.warning(message)

    def error(self, message: str, *args: object) -> None:
        self.log.error(message)


async def test_the_official_sdk_client_talks_to_the_fake_gateway(
    gateway: WeComGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake speaks the SDK's protocol, so what our client passes against it is real."""
    monkeypatch.setattr(aibot.ws, "_SSL_CONTEXT", None)  # it always passes TLS, even for ws://
    options = aibot.WSClientOptions(
        bot_id="aibot-id", secret="aibot-secret-0123456789", ws_url=gateway.url, logger=_SdkLog()
    )
    client = aibot.WSClient(options)
    acks: list[dict[str, Any]] = []
    acked = asyncio.Event()

    async def on_text(frame: dict[str, Any]) -> None:
        acks.append(await client.reply_stream(frame, "s-1", "收到", finish=True))
        acked.set()

    client.on("message.text", on_text)
    await client.connect()
    try:
        await gateway.wait_until(gateway.is_live)
        req_id = await gateway.push(callback())
        async with asyncio.timeout(5):
            await acked.wait()
    finally:
        client.disconnect()
    await gateway.wait_until(lambda: not gateway.is_live())
    [body] = gateway.answers(req_id)
    assert body == {"msgtype": "stream", "stream": {"id": "s-1", "finish": True, "content": "收到"}}
    assert [ack["errcode"] for ack in acks] == [0]
