"""WeCom callbacks end to end, with wechatpy as the independent peer that plays WeCom."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select
from yarl import URL

from bot.adapters.wecom import inbound
from bot.app import create_app
from bot.keys import DB
from storage.models import Inbound, Report
from tests.fakes.wecom_peer import (
    AES_KEY,
    CORP,
    NONCE,
    REPORT,
    TOKEN,
    TS,
    W1,
    aibot_encrypt,
    aibot_message,
    aibot_reply,
    app_envelope,
    app_reply,
    app_xml,
    callback_url,
    padded_wrongly,
    sign,
)
from tests.fakes.wecom_server import WeComServer
from tests.support.apps import app_settings, count, seeded_client
from tests.support.commands import SLOW, add_test_commands
from tests.support.payloads import payload
from tests.support.seed import CONFIRMATION

CREDENTIALS = {"platform": "wecom", "token": TOKEN, "encoding_aes_key": AES_KEY}
BOTS = [
    {"name": "wx", "kind": "aibot", **CREDENTIALS},
    {"name": "wxapp", "kind": "app", "corp_id": CORP, **CREDENTIALS},
]


@pytest.fixture
async def wx(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The app with an AI bot `wx` and an app `wxapp`; 张伟's WeCom userid is zhangwei."""
    app = create_app(app_settings(tmp_path, bots=BOTS))
    return await seeded_client(aiohttp_client, app, wecom="zhangwei")


async def _post_aibot(client: TestClient, plaintext: str) -> Any:
    encrypt = aibot_encrypt(plaintext)
    response = await client.post(callback_url("wx", encrypt), json={"encrypt": encrypt})
    assert response.status == 200, await response.text()
    return response


async def test_url_verification_returns_the_bare_decrypted_echostr(wx: TestClient) -> None:
    echostr = aibot_encrypt("1288432023552776189")
    response = await wx.get(callback_url("wx", echostr, echostr=echostr))
    assert response.status == 200
    assert await response.read() == b"1288432023552776189"
    # The app endpoint with the official sample's own verification request (V-W1).
    official = W1["verify"]
    url = URL(
        f"/callback/wecom/wxapp?msg_signature={official['msg_signature']}"
        f"&timestamp={official['timestamp']}&nonce={official['nonce']}"
        f"&echostr={quote(official['encrypt'], safe='')}",
        encoded=True,
    )
    response = await wx.get(url)
    assert (response.status, await response.read()) == (200, b"1288432023552776189")


async def test_group_report_to_the_ai_bot_gets_an_encrypted_confirmation(wx: TestClient) -> None:
    response = await _post_aibot(wx, aibot_message())
    reply = aibot_reply(await response.json())
    assert reply["msgtype"] == "stream"
    assert reply["stream"]["finish"] is True
    assert CONFIRMATION in reply["stream"]["content"]
    async with wx.app[DB].read() as session:
        [row] = (await session.execute(select(Inbound))).scalars().all()
        [report] = (await session.execute(select(Report))).scalars().all()
    assert (row.platform, row.bot, row.chat_id, row.sender) == ("wecom", "wx", "CHATID", "zhangwei")
    assert report.progress_text == "主体结构封顶"


async def test_a_retried_msgid_is_answered_identically_and_stored_once(wx: TestClient) -> None:
    first = aibot_reply(await (await _post_aibot(wx, aibot_message())).json())
    again = aibot_reply(await (await _post_aibot(wx, aibot_message())).json())
    assert again["stream"]["content"] == first["stream"]["content"]
    assert await count(wx, Inbound) == 1
    assert await count(wx, Report) == 1


@pytest.mark.parametrize("copies", [2, 10, 50])
async def test_concurrent_retries_get_one_answer_in_their_responses(
    wx: TestClient, wecom: WeComServer, copies: int
) -> None:
    message = aibot_message(response_url=wecom.response_url())
    responses = await asyncio.gather(*(_post_aibot(wx, message) for _ in range(copies)))
    contents = {aibot_reply(await r.json())["stream"]["content"] for r in responses}
    assert len(contents) == 1
    assert CONFIRMATION in contents.pop()
    assert wecom.received == []  # nothing went to response_url besides
    assert await count(wx, Inbound) == 1
    assert await count(wx, Report) == 1


async def test_an_unknown_userid_gets_a_polite_answer_and_no_report(wx: TestClient) -> None:
    response = await _post_aibot(wx, aibot_message(userid="stranger"))
    content = aibot_reply(await response.json())["stream"]["content"]
    assert "还没有在项目台账的人员名单中登记" in content
    assert await count(wx, Report) == 0


async def test_images_are_declined_politely_and_events_welcomed(wx: TestClient) -> None:
    image = aibot_message(msgtype="image", image={"url": "https://example.invalid/i"})
    reply = aibot_reply(await (await _post_aibot(wx, image)).json())
    assert "只能读文字消息" in reply["stream"]["content"]
    event = json.dumps(payload("wecom", "aibot_enter_chat"))
    reply = aibot_reply(await (await _post_aibot(wx, event)).json())
    assert reply["msgtype"] == "text" and "调度助手" in reply["text"]["content"]
    assert await count(wx, Inbound) == 0


async def test_mixed_and_voice_messages_are_read_as_text(wx: TestClient) -> None:
    items = [{"msgtype": "text", "text": {"content": REPORT}}, {"msgtype": "image", "image": {}}]
    mixed = aibot_message(msgtype="mixed", mixed={"msg_item": items}, text=None)
    reply = aibot_reply(await (await _post_aibot(wx, mixed)).json())
    assert CONFIRMATION in reply["stream"]["content"]
    voice = aibot_message(msgid="v1", msgtype="voice", voice={"content": "/帮助"}, text=None)
    reply = aibot_reply(await (await _post_aibot(wx, voice)).json())
    assert "使用说明" in reply["stream"]["content"]
    assert await count(wx, Inbound) == 2


async def test_a_late_answer_goes_once_to_response_url(
    wx: TestClient, wecom: WeComServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbound, "REPLY_BUDGET", 0.3)
    add_test_commands(wx.app, slow_seconds=1.0)
    slow = aibot_message(response_url=wecom.response_url(), text={"content": f"/{SLOW}"})
    response = await _post_aibot(wx, slow)
    assert await response.read() == b""  # stored and acknowledged, the answer to follow
    [posted] = await asyncio.wait_for(wecom.wait_for("/cgi-bin/aibot/response"), 10)
    assert posted.body["msgtype"] == "markdown"
    assert "您好，我是项目调度助手" in posted.body["markdown"]["content"]
    # WeCom retries: the answer went to response_url, so the retry's response stays empty.
    assert await (await _post_aibot(wx, slow)).read() == b""
    assert await count(wx, Inbound) == 1


async def test_a_late_answer_the_response_url_refuses_goes_to_the_chats_robot(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    wecom: WeComServer,
    http: ClientSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(inbound, "REPLY_BUDGET", 0.3)
    robot = {"name": "城区企微群", "platform": "wecom", "role": "office", "chat_id": "CHATID"}
    robot["webhook"] = wecom.webhook()
    settings = app_settings(tmp_path, bots=BOTS, groups=[robot], outbox={"interval_seconds": 0.05})
    wx = await seeded_client(aiohttp_client, create_app(settings), wecom="zhangwei")
    add_test_commands(wx.app, slow_seconds=1.0)
    used = wecom.response_url("used-once")
    async with http.post(used, json={"msgtype": "markdown"}):
        pass  # spent already: a response_url is usable once
    slow = aibot_message(response_url=used, text={"content": f"/{SLOW}"})
    assert await (await _post_aibot(wx, slow)).read() == b""
    await wecom.wait_until(lambda: len(wecom.delivered()) == 1)
    [pushed] = wecom.delivered()
    assert "您好，我是项目调度助手" in pushed["markdown"]["content"]


async def test_app_text_gets_an_encrypted_passive_xml_reply(wx: TestClient) -> None:
    body, signature = app_envelope(app_xml())
    response = await wx.post(callback_url("wxapp", signature=signature), data=body)
    assert response.status == 200, await response.text()
    message = app_reply(await response.text())
    assert (message["ToUserName"], message["FromUserName"]) == ("zhangwei", CORP)
    assert message["MsgType"] == "text"
    assert CONFIRMATION in message["Content"]
    assert "**" not in message["Content"]
    assert len(message["Content"].encode()) <= 2048
    assert await count(wx, Report) == 1


async def test_app_events_are_acknowledged_with_an_empty_body(wx: TestClient) -> None:
    xml = app_xml(MsgType="event", Event="enter_agent", Content="", MsgId="")
    body, signature = app_envelope(xml)
    response = await wx.post(callback_url("wxapp", signature=signature), data=body)
    assert (response.status, await response.read()) == (200, b"")


@dataclass
class Bad:
    """One malformed or hostile request and the status it must get."""

    bot: str
    body: bytes
    signature: str
    status: int


def _tampered(signature: str) -> str:
    """The signature with its last hex digit changed (always a different one)."""
    return signature[:-1] + ("1" if signature.endswith("0") else "0")


def _aibot_bad(encrypt: str, signature: str | None = None, status: int = 400) -> Bad:
    body = json.dumps({"encrypt": encrypt}).encode()
    return Bad("wx", body, sign(encrypt) if signature is None else signature, status)


def _app_bad(plaintext: str, corp: str = CORP, status: int = 400) -> Bad:
    body, signature = app_envelope(plaintext, corp)
    return Bad("wxapp", body.encode(), signature, status)


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    "<xml><Encrypt>&c;</Encrypt></xml>"
)
GOOD = aibot_encrypt(aibot_message())
BAD_REQUESTS = {
    "tampered signature": _aibot_bad(GOOD, _tampered(sign(GOOD)), 403),
    "missing signature": _aibot_bad(GOOD, "", 403),
    "bad padding": _aibot_bad(padded_wrongly(aibot_message())),
    "base64 garbage": _aibot_bad("!!这不是base64!!"),
    "encrypted for a corp id": _aibot_bad(aibot_encrypt(aibot_message(), CORP)),
    "plaintext not JSON": _aibot_bad(aibot_encrypt("<xml>hello</xml>")),
    "no sender": _aibot_bad(aibot_encrypt(aibot_message(**{"from": {}}))),
    "XML to the AI bot": Bad("wx", app_envelope(app_xml())[0].encode(), sign(GOOD), 400),
    "oversized body": _aibot_bad("A" * (inbound.MAX_BODY + 4), None, 413),
    "JSON to the app": Bad("wxapp", json.dumps({"encrypt": GOOD}).encode(), sign(GOOD), 400),
    "DTD entity bomb": Bad("wxapp", BOMB.encode(), sign("x"), 400),
    "wrong corp id": _app_bad(app_xml(), corp="wwSOMEONEELSE"),
    "inner ToUserName of another corp": _app_bad(app_xml(ToUserName="wwSOMEONEELSE")),
    "app tampered signature": Bad("wxapp", app_envelope(app_xml())[0].encode(), "0" * 40, 403),
    "unknown bot": Bad("nobody", json.dumps({"encrypt": GOOD}).encode(), sign(GOOD), 404),
}


@pytest.mark.parametrize("case", BAD_REQUESTS.values(), ids=list(BAD_REQUESTS))
async def test_bad_requests_are_refused_and_nothing_is_stored(wx: TestClient, case: Bad) -> None:
    query = {"msg_signature": case.signature, "timestamp": TS, "nonce": NONCE}
    response = await wx.post(f"/callback/wecom/{case.bot}", params=query, data=case.body)
    assert response.status == case.status, await response.text()
    assert len(await response.read()) < 100
    assert await count(wx, Inbound) == 0
    assert await count(wx, Report) == 0


async def test_url_verification_refuses_bad_signatures_and_missing_echostr(wx: TestClient) -> None:
    echostr = aibot_encrypt("1288432023552776189")
    response = await wx.get(callback_url("wx", signature="0" * 40, echostr=echostr))
    assert response.status == 403
    response = await wx.get(callback_url("wx", echostr))
    assert response.status == 400
