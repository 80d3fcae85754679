"""DingTalk Stream mode: the SDK's frames answered like HTTP callbacks, over a fake gateway too."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from dingtalk_stream import AckMessage, CallbackMessage, ChatbotMessage
from pytest_aiohttp import AiohttpClient

from bot.adapters.dingtalk.stream import BotHandler, stream_client
from bot.app import create_app
from bot.keys import SETTINGS, TASKS
from storage.models import Inbound, Report
from tests.fakes.dingtalk_peer import callback_frame, message
from tests.fakes.dingtalk_server import DingTalkServer
from tests.support.apps import app_settings, count, seeded_client
from tests.support.seed import REPORT

BOT = {
    "name": "ds",
    "platform": "dingtalk",
    "mode": "longconn",
    "app_key": "ding-app-key",
    "app_secret": "ding-app-secret-0123456789",
}


@pytest.fixture
async def client(
    dingtalk: DingTalkServer, aiohttp_client: AiohttpClient, tmp_path: Path
) -> TestClient:
    """The app with its own Stream connection to the fake, reached only through api_base."""
    app = create_app(app_settings(tmp_path, bots=[{**BOT, "api_base": dingtalk.base_url}]))
    return await seeded_client(aiohttp_client, app, dingtalk="user123")


def sdk_frame(data: dict[str, object], frame_id: str = "frame-1") -> CallbackMessage:
    """The frame as the SDK parses it off the socket, its data passed through the SDK's model."""
    return CallbackMessage.from_dict(
        callback_frame(ChatbotMessage.from_dict(data).to_dict(), frame_id)
    )


async def test_a_stream_message_is_answered_and_acked(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    handler = BotHandler(client.app, client.app[SETTINGS].bots[0])
    ack = await handler.raw_process(sdk_frame(message(dingtalk.session_webhook(), REPORT)))
    assert (ack.code, ack.headers.message_id) == (AckMessage.STATUS_OK, "frame-1")
    await dingtalk.wait_until(lambda: len(dingtalk.replies()) == 1)
    assert "已收到“城区智慧物流园”" in dingtalk.replies()[0]["markdown"]["text"]
    assert await count(client, Report) == 1


async def test_a_redelivered_frame_is_acked_without_answering_twice(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    handler = BotHandler(client.app, client.app[SETTINGS].bots[0])
    frame = message(dingtalk.session_webhook(), REPORT)
    for frame_id in ("frame-1", "frame-2"):
        ack = await handler.raw_process(sdk_frame(frame, frame_id))
        assert ack.code == AckMessage.STATUS_OK
    later = message(dingtalk.session_webhook("session-2"), "/帮助", msg_id="msgA2")
    await handler.raw_process(sdk_frame(later, "frame-3"))
    await dingtalk.wait_until(lambda: len(dingtalk.replies("session-2")) == 1)
    await client.app[TASKS].close()  # every answer under way has gone out (the report's is slower)
    assert len(dingtalk.replies()) == 1
    assert await count(client, Inbound) == 2


async def test_a_frame_that_is_not_a_robot_message_is_refused(client: TestClient) -> None:
    handler = BotHandler(client.app, client.app[SETTINGS].bots[0])
    frame = CallbackMessage.from_dict(callback_frame({"msgtype": "text", "text": {"content": "x"}}))
    ack = await handler.raw_process(frame)
    assert ack.code == AckMessage.STATUS_BAD_REQUEST
    assert await count(client, Inbound) == 0


async def test_the_app_connects_through_the_gateway_and_answers_on_the_stream(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    await dingtalk.wait_until(lambda: len(dingtalk.live) == 1)
    await dingtalk.push(callback_frame(message(dingtalk.session_webhook(), REPORT), "frame-9"))
    await dingtalk.wait_until(lambda: len(dingtalk.acks) == 1 and len(dingtalk.replies()) == 1)
    [ack] = dingtalk.acks
    assert (ack["code"], ack["headers"]["messageId"]) == (200, "frame-9")
    assert dingtalk.connections == 1
    assert await count(client, Report) == 1


async def test_a_stream_client_stops_at_once_when_cancelled(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    [bot] = client.app[SETTINGS].bots
    task = asyncio.create_task(stream_client(client.app, bot).run())
    await dingtalk.wait_until(lambda: len(dingtalk.live) == 2)
    task.cancel()
    async with asyncio.timeout(1):
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert task.cancelled()
    await dingtalk.wait_until(lambda: len(dingtalk.live) == 1)


def test_stream_client_subscribes_to_robot_messages(tmp_path: Path) -> None:
    app = create_app(app_settings(tmp_path, bots=[BOT]))
    [bot] = app[SETTINGS].bots
    client = stream_client(app, bot)
    assert list(client.callback_handler_map) == [ChatbotMessage.TOPIC]
