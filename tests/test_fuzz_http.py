"""HTTP fuzz of every endpoint: random bodies and, for each platform, correctly signed random
bodies. Whatever arrives, the answer is never a 5xx nor a traceback, nothing is logged as an
error, and a refused request (4xx) leaves no row behind (Hypothesis, bounded: tests/support/fuzz).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import xmltodict
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select
from yarl import URL

from bot.app import create_app
from bot.keys import DB
from handlers.router import build_router
from storage.models import BindRequest, Identity, Inbound, Issue, Report
from tests.fakes import dingtalk_peer, feishu_peer, wecom_peer
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.wecom_server import WeComServer
from tests.support.apps import LOCAL_GROUPS, app_settings, seeded_client
from tests.support.fuzz import (
    chatty_text,
    hostile_text,
    json_values,
    mutated,
    report_message,
)
from tests.support.payloads import payload, raw
from tests.support.seed import ADMIN, LEADER, OWNER, STRANGER

TOKEN = "secret-token-0123456789"
NAMES = sorted({name for name in build_router().commands})
command_text = st.builds(
    lambda slash, name, rest: f"{slash}{name} {rest}",
    st.sampled_from(["/", "／", "@调度助手 /"]),
    st.sampled_from(NAMES),
    st.one_of(chatty_text, st.sampled_from(["P001", "物流园", "#1", OWNER, LEADER, "北石店镇"])),
)
chat_text = st.one_of(command_text, report_message, chatty_text)
any_body = st.one_of(
    st.binary(max_size=400),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.integers(min_value=1, max_value=3_000).map(lambda n: b"[" * n),
)


def _bots(dingtalk: DingTalkServer, feishu: FeishuServer) -> list[dict[str, Any]]:
    wecom = {"platform": "wecom", "token": wecom_peer.TOKEN, "encoding_aes_key": wecom_peer.AES_KEY}
    return [
        {"name": "wx", "kind": "aibot", **wecom},
        {"name": "app", "kind": "app", "corp_id": wecom_peer.CORP, **wecom},
        {
            "name": "dd",
            "platform": "dingtalk",
            "app_key": "ding-app-key",
            "app_secret": dingtalk_peer.APP_SECRET,
            "api_base": dingtalk.base_url,
        },
        {
            "name": "fs",
            **feishu_peer.APP,
            "encrypt_key": feishu_peer.ENCRYPT_KEY,
            "verification_token": feishu_peer.TOKEN,
            "api_base": feishu.base_url,
        },
        {
            "name": "fs-plain",
            **feishu_peer.APP,
            "verification_token": feishu_peer.TOKEN,
            "api_base": feishu.base_url,
        },
    ]


@pytest.fixture
async def client(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    db_url: str,
    dingtalk: DingTalkServer,
    feishu: FeishuServer,
    wecom: WeComServer,
) -> TestClient:
    groups = [
        *LOCAL_GROUPS,
        {"name": "钉钉办公室群", "platform": "dingtalk", "role": "office", "chat_id": "cid-group",
         "webhook": dingtalk.webhook(), "secret": "SECrobot-secret-0123456789"},
    ]  # fmt: skip
    settings = app_settings(
        tmp_path,
        database={"url": db_url},  # PostgreSQL too: it refuses what SQLite lets by (lengths, NUL)
        bots=_bots(dingtalk, feishu),
        groups=groups,
        dashboard={"token": TOKEN},
    )
    return await seeded_client(
        aiohttp_client,
        create_app(settings),
        wecom="zhangwei",
        dingtalk="user123",
        feishu="ou_owner",
    )


async def _rows(client: TestClient) -> tuple[int, ...]:
    counts = []
    async with client.app[DB].read() as session:
        for model in (Inbound, Report, Issue, Identity, BindRequest):
            statement = select(func.count()).select_from(model)
            counts.append((await session.execute(statement)).scalar_one())
    return tuple(counts)


async def _survives(
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    send: Callable[[], Awaitable[ClientResponse]],
) -> int:
    """Send one request; check the answer and what it left; its status."""
    before = await _rows(client)
    caplog.clear()
    response = await send()
    text = (await response.read()).decode("utf-8", "replace")  # an .xlsx download is bytes
    assert response.status < 500, (response.status, text[:300])
    assert "Traceback" not in text and 'File "' not in text
    if response.status >= 400:
        assert await _rows(client) == before, f"a refused request ({response.status}) left rows"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    return response.status


def _query(**values: str) -> str:
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items())


# --- every route, random requests -------------------------------------------------------------

headers = st.dictionaries(
    st.sampled_from(
        [
            "Authorization",
            "Content-Type",
            "timestamp",
            "sign",
            "X-Lark-Signature",
            "X-Lark-Request-Timestamp",
            "Cookie",
            "X-Lark-Request-Nonce",
            "Content-Length",
        ]
    ),
    st.one_of(
        st.just(f"Bearer {TOKEN}"),
        st.just(TOKEN),
        st.text(st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=60),
    ),
    max_size=3,
).map(lambda h: {k: v for k, v in h.items() if k != "Content-Length"})
query = st.dictionaries(
    st.sampled_from(["chat_id", "unit", "light", "key", "level", "tag", "msg_signature",
                     "timestamp", "nonce", "echostr", "code"]),
    hostile_text,
    max_size=4,
)  # fmt: skip
path_part = st.one_of(
    st.sampled_from(["P001", "wecom", "dingtalk", "feishu", "local"]), hostile_text
)


# Paths beside the app's own routes: each configured bot, and what no route matches.
EXTRA_PATHS = [
    "/callback/wecom/wx",
    "/callback/wecom/app",
    "/callback/dingtalk/dd",
    "/callback/feishu/fs",
    "/callback/feishu/fs-plain",
    "/{x}",
    "/{x}/{y}",
]


def _paths(client: TestClient) -> list[str]:
    """Every route the app has (a new one is fuzzed as soon as it exists), and EXTRA_PATHS."""
    routes = {resource.canonical for resource in client.app.router.resources()}
    return sorted(routes | set(EXTRA_PATHS))


def _filled(route: str, parts: list[str]) -> str:
    """The route with each {placeholder} replaced by one of `parts`, percent-encoded."""
    names = iter(parts)
    return re.sub(r"\{[^}]+\}", lambda _: quote(next(names, "x"), safe=""), route)


@given(
    data=st.data(),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD"]),
    parts=st.lists(path_part, min_size=3, max_size=3),
    params=query,
    extra=headers,
    body=any_body,
)
async def test_any_request_to_any_route_is_answered_without_a_5xx(
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    data: Any,
    method: str,
    parts: list[str],
    params: dict[str, str],
    extra: dict[str, str],
    body: bytes,
) -> None:
    path = _filled(data.draw(st.sampled_from(_paths(client)), label="route"), parts)
    url = URL(f"{path}?{_query(**params)}" if params else path, encoded=True)
    sent = None if method in {"GET", "HEAD"} else body
    await _survives(client, caplog, lambda: client.request(method, url, data=sent, headers=extra))


# --- the read API and the dashboard as the office sees them: any filter, page or format -------

VIEW_KEYS = ["unit", "light", "key", "level", "tag", "leader", "category", "industry", "q",
             "page", "format", "screen", "state", "code", "sort"]  # fmt: skip
view_values = st.one_of(
    st.sampled_from(["1", "0", "-1", "99999999999999999999", "xlsx", "red", "红灯", "北石店镇",
                     "省重点", "续建", "P001", "发现", "", " ", "%00"]),
    hostile_text,
)  # fmt: skip


@given(
    data=st.data(),
    params=st.dictionaries(st.sampled_from(VIEW_KEYS), view_values, max_size=5),
    code=st.one_of(st.sampled_from(["P001", "P002"]), hostile_text),
)
async def test_the_office_may_ask_any_view_anything(
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    data: Any,
    params: dict[str, str],
    code: str,
) -> None:
    views = [path for path in _paths(client) if path.startswith(("/api/", "/dashboard"))]
    path = _filled(data.draw(st.sampled_from(views), label="view"), [code, code])
    url = URL(f"{path}?{_query(**params)}" if params else path, encoded=True)
    office = {"Authorization": f"Bearer {TOKEN}"}
    await _survives(client, caplog, lambda: client.get(url, headers=office))


# --- the local adapter: what the simulator sends, with any text -------------------------------

local_body = st.one_of(
    st.fixed_dictionaries(
        {
            "msg_id": st.one_of(st.uuids().map(str), st.text("abc-_1", min_size=150, max_size=200)),
            "chat_id": st.one_of(
                st.sampled_from(["owners", "office", "leaders", "town"]), hostile_text
            ),
            "user_id": st.one_of(st.sampled_from([OWNER, ADMIN, LEADER, STRANGER]), hostile_text),
            "text": chat_text,
        }
    ),
    mutated({"msg_id": "m1", "chat_id": "owners", "user_id": OWNER, "text": "/帮助"}),
)


@given(body=local_body)
async def test_any_chat_message_is_answered_without_an_error(
    client: TestClient, caplog: pytest.LogCaptureFixture, body: Any
) -> None:
    await _survives(client, caplog, lambda: client.post("/callback/local", json=body))


# --- WeCom: correctly signed random envelopes and messages ------------------------------------

aibot_plain = st.one_of(
    mutated(payload("wecom", "aibot_text") | {"from": {"userid": "zhangwei"}}).map(
        lambda v: json.dumps(v, ensure_ascii=False)
    ),
    st.builds(
        lambda msgid, text: wecom_peer.aibot_message(msgid=msgid, text={"content": text}),
        st.uuids().map(str),
        chat_text,
    ),
    hostile_text,
    json_values.map(json.dumps),
)


@given(plain=aibot_plain)
async def test_signed_random_ai_bot_messages_never_fail(
    client: TestClient, caplog: pytest.LogCaptureFixture, plain: str
) -> None:
    encrypt = wecom_peer.aibot_encrypt(plain)
    url = wecom_peer.callback_url("wx", encrypt)
    await _survives(client, caplog, lambda: client.post(url, json={"encrypt": encrypt}))
    echo = wecom_peer.callback_url("wx", encrypt, echostr=encrypt)
    await _survives(client, caplog, lambda: client.get(echo))


def _app_xml(fields: Any) -> str:
    if not isinstance(fields, dict):
        return str(fields)
    return "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()) + "</xml>"


app_plain = st.one_of(
    st.builds(
        lambda msg_id, text: wecom_peer.app_xml(text, MsgId=msg_id),
        st.integers(min_value=0).map(str),
        chat_text,
    ),
    mutated(dict(xmltodict.parse(raw("wecom", "app_text.xml"))["xml"])).map(_app_xml),
    hostile_text,
)


@given(plain=app_plain)
async def test_signed_random_app_messages_never_fail(
    client: TestClient, caplog: pytest.LogCaptureFixture, plain: str
) -> None:
    body, signature = wecom_peer.app_envelope(plain)
    url = wecom_peer.callback_url("app", signature=signature)
    await _survives(client, caplog, lambda: client.post(url, data=body.encode()))


# --- DingTalk: signed headers (they sign only the timestamp) over random bodies ----------------


def _dingtalk_bodies(dingtalk: DingTalkServer) -> st.SearchStrategy[bytes]:
    real = dingtalk_peer.message(dingtalk.session_webhook(), "/帮助")
    texts = st.builds(
        lambda msg_id, text: dingtalk_peer.message(dingtalk.session_webhook(), text, msg_id=msg_id),
        st.uuids().map(str),
        chat_text,
    )
    as_json = st.one_of(mutated(real), texts).map(lambda v: json.dumps(v, ensure_ascii=False))
    return st.one_of(as_json.map(str.encode), any_body)


@given(data=st.data())
async def test_signed_random_dingtalk_bodies_never_fail(
    client: TestClient, caplog: pytest.LogCaptureFixture, dingtalk: DingTalkServer, data: Any
) -> None:
    body = data.draw(_dingtalk_bodies(dingtalk))
    headers = {"Content-Type": "application/json", **dingtalk_peer.peer_headers()}
    await _survives(
        client, caplog, lambda: client.post("/callback/dingtalk/dd", data=body, headers=headers)
    )


# --- Feishu: signed and sealed random events, and plain ones for a token-only bot --------------

feishu_event = st.one_of(
    mutated(feishu_peer.event("/帮助")),
    st.builds(
        lambda message_id, event_id, text: feishu_peer.event(text, message_id, event_id),
        st.uuids().map(str),
        st.uuids().map(str),
        chat_text,
    ),
    mutated(feishu_peer.challenge()),
    json_values,
)


@given(content=feishu_event, sealed=st.booleans())
async def test_signed_random_feishu_events_never_fail(
    client: TestClient, caplog: pytest.LogCaptureFixture, content: Any, sealed: bool
) -> None:
    if sealed:
        body = feishu_peer.seal(content)
        headers = {"Content-Type": "application/json", **feishu_peer.sign(body)}
        path = "/callback/feishu/fs"
    else:
        body = json.dumps(content, ensure_ascii=False).encode()
        headers, path = {"Content-Type": "application/json"}, "/callback/feishu/fs-plain"
    await _survives(client, caplog, lambda: client.post(path, data=body, headers=headers))
