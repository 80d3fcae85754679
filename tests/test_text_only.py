"""A picture, a file or a sticker gets the same answer on every platform: the bot reads text
only (WeCom's adapter says it itself; DingTalk and Feishu messages are told by the handlers),
and in a group only when said to the bot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Inbound
from tests.fakes.dingtalk_peer import APP_SECRET, message, peer_headers
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_peer import APP, ENCRYPT_KEY, TOKEN, event, seal, sign
from tests.fakes.feishu_server import FeishuServer
from tests.support.apps import app_settings, seeded_client

TEXT_ONLY = "调度助手目前只能读文字消息，请直接发文字，如“进度 项目名 …”，或发送“/帮助”查看用法。"


async def _client(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer, feishu: FeishuServer
) -> TestClient:
    bots = [
        {"name": "dd", "platform": "dingtalk", "app_key": "ding-app-key",
         "app_secret": APP_SECRET, "api_base": dingtalk.base_url},
        {"name": "fs", **APP, "encrypt_key": ENCRYPT_KEY, "verification_token": TOKEN,
         "api_base": feishu.base_url},
    ]  # fmt: skip
    app = create_app(app_settings(tmp_path, bots=bots))
    return await seeded_client(aiohttp_client, app, dingtalk="user123", feishu="ou_owner")


def _picture(dingtalk: DingTalkServer) -> dict[str, Any]:
    """A picture @-sent to the robot in a group (PROTOCOLS §2.2: `picture`, a downloadCode)."""
    body = message(dingtalk.session_webhook(), "")
    del body["text"]
    return {**body, "msgtype": "picture", "content": {"downloadCode": "code-1"}}


def _image(message_id: str, chat_type: str = "p2p") -> dict[str, Any]:
    """A Feishu `image` message (content: an image_key), 1:1 unless told."""
    body = event("", message_id=message_id, event_id=f"ev-{message_id}")
    found = body["event"]["message"]
    found.update(message_type="image", content=json.dumps({"image_key": "img_1"}), mentions=[])
    found["chat_type"] = chat_type
    return body


async def test_a_dingtalk_picture_is_told_the_bot_reads_text_only(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer, feishu: FeishuServer
) -> None:
    client = await _client(aiohttp_client, tmp_path, dingtalk, feishu)
    body = json.dumps(_picture(dingtalk), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", **peer_headers()}
    assert (await client.post("/callback/dingtalk/dd", data=body, headers=headers)).status == 200
    await dingtalk.wait_until(lambda: len(dingtalk.replies()) == 1)
    [reply] = dingtalk.replies()
    assert TEXT_ONLY in json.dumps(reply, ensure_ascii=False)
    assert "您好，我是项目调度助手" not in json.dumps(reply, ensure_ascii=False)


async def test_a_feishu_image_is_told_the_bot_reads_text_only(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer, feishu: FeishuServer
) -> None:
    client = await _client(aiohttp_client, tmp_path, dingtalk, feishu)
    body = seal(_image("om_img"))
    response = await client.post("/callback/feishu/fs", data=body, headers=sign(body))
    assert response.status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_img")) == 1)
    [reply] = feishu.replies("om_img")
    assert TEXT_ONLY in json.dumps(reply, ensure_ascii=False)


async def test_a_feishu_image_in_a_group_said_to_nobody_gets_no_answer(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer, feishu: FeishuServer
) -> None:
    client = await _client(aiohttp_client, tmp_path, dingtalk, feishu)
    body = seal(_image("om_group_img", chat_type="group"))
    assert (await client.post("/callback/feishu/fs", data=body, headers=sign(body))).status == 200
    async with client.app[DB].read() as session:
        row = (await session.execute(select(Inbound))).scalar_one()
    assert (row.state, row.replies) == ("done", [])
