"""Hostile callbacks: deep JSON, overlong or non-ASCII timestamps, stale Feishu events.

Each is answered with a 4xx, logged in one line, and leaves nothing stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select
from yarl import URL

from bot.app import create_app
from bot.keys import DB
from storage.models import Inbound, Report
from tests.fakes.dingtalk_peer import APP_SECRET, peer_headers
from tests.fakes.feishu_peer import APP as FEISHU
from tests.fakes.feishu_peer import ENCRYPT_KEY, event, seal
from tests.fakes.feishu_peer import TOKEN as FEISHU_TOKEN
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.wecom_peer import AES_KEY, NONCE, TOKEN, aibot_encrypt, sign
from tests.support.apps import app_settings, seeded_client
from tests.support.seed import REPORT

DEEP = b"[" * 60_000
BOTS = [
    {
        "name": "wx",
        "platform": "wecom",
        "kind": "aibot",
        "token": TOKEN,
        "encoding_aes_key": AES_KEY,
    },
    {"name": "dd", "platform": "dingtalk", "app_key": "ding-app-key", "app_secret": APP_SECRET},
    {"name": "fs", **FEISHU, "encrypt_key": ENCRYPT_KEY, "verification_token": FEISHU_TOKEN},
    {"name": "fs-plain", **FEISHU, "verification_token": FEISHU_TOKEN},
]


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, tmp_path: Path, feishu: FeishuServer) -> TestClient:
    bots = [
        {**bot, "api_base": feishu.base_url} if bot["platform"] == "feishu" else bot for bot in BOTS
    ]
    app = create_app(app_settings(tmp_path, bots=bots))
    return await seeded_client(
        aiohttp_client, app, wecom="zhangwei", dingtalk="user123", feishu="ou_owner"
    )


async def _stored(client: TestClient) -> int:
    async with client.app[DB].read() as session:
        inbound = (await session.execute(select(func.count()).select_from(Inbound))).scalar_one()
        reports = (await session.execute(select(func.count()).select_from(Report))).scalar_one()
    return inbound + reports


def _wecom_url(signature: str, timestamp: str) -> URL:
    query = {"msg_signature": signature, "timestamp": timestamp, "nonce": NONCE}
    encoded = "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items())
    return URL(f"/callback/wecom/wx?{encoded}", encoded=True)


def _feishu_headers(body: bytes, timestamp: str) -> dict[str, str]:
    digest = hashlib.sha256((timestamp + "n0" + ENCRYPT_KEY).encode() + body).hexdigest()
    return {
        "X-Lark-Request-Timestamp": timestamp,
        "X-Lark-Request-Nonce": "n0",
        "X-Lark-Signature": digest,
        "Content-Type": "application/json",
    }


def _refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "refused" in r.getMessage()]


@pytest.mark.parametrize(
    ("path", "body", "headers"),
    [
        (str(_wecom_url("0" * 40, "1476422779")), DEEP, {}),
        ("/callback/feishu/fs", DEEP, {"Content-Type": "application/json"}),
        ("/callback/feishu/fs-plain", DEEP, {"Content-Type": "application/json"}),
        ("/callback/feishu/fs-plain", b'{"a":' * 20_000 + b"1" + b"}" * 20_000, {}),
        ("/callback/dingtalk/dd", DEEP, peer_headers()),
    ],
    ids=[
        "wecom-unsigned",
        "feishu-no-signature",
        "feishu-token-only",
        "feishu-objects",
        "dingtalk",
    ],
)
async def test_deeply_nested_json_is_a_400_logged_in_one_line(
    client: TestClient, caplog: pytest.LogCaptureFixture, path: str, body: bytes, headers: dict
) -> None:
    response = await client.post(URL(path, encoded=True), data=body, headers=headers)
    assert response.status == 400, await response.text()
    [record] = _refusals(caplog)
    assert "\n" not in record.getMessage() and record.exc_info is None
    assert await _stored(client) == 0


async def test_signed_wecom_request_with_a_superscript_timestamp_is_refused(
    client: TestClient,
) -> None:
    message = {"msgid": "m1", "chattype": "single", "from": {"userid": "zhangwei"},
               "msgtype": "text", "text": {"content": "/帮助"}}  # fmt: skip
    encrypt = aibot_encrypt(json.dumps(message))
    timestamp = "²1795851550"  # str.isdigit() says yes; int() says no
    url = _wecom_url(sign(encrypt, timestamp=timestamp), timestamp)
    response = await client.post(url, json={"encrypt": encrypt})
    assert response.status == 400
    assert await _stored(client) == 0


@pytest.mark.parametrize(
    "timestamp", ["9" * 5000, "１７００００００００００", "-1700000000000", " 1700000000000"]
)
async def test_dingtalk_timestamp_that_is_not_a_millisecond_time_is_403(
    client: TestClient, timestamp: str
) -> None:
    headers = {**peer_headers(), "timestamp": timestamp}
    response = await client.post("/callback/dingtalk/dd", data=b"{}", headers=headers)
    assert response.status == 403
    assert await _stored(client) == 0


@pytest.mark.parametrize(
    "timestamp",
    # Read the clock when the test runs: collected minutes earlier, +3,700 s would be in range.
    [
        lambda: str(int(time.time()) - 30 * 86_400),
        lambda: str(int(time.time()) + 3_700),
        lambda: "not-a-time",
        lambda: "9" * 400,
    ],
    ids=["30-days-old", "from-the-future", "not-a-time", "400-digits"],
)
async def test_feishu_event_outside_an_hour_of_real_time_is_403(
    client: TestClient, timestamp: Callable[[], str]
) -> None:
    body = seal(event(REPORT))
    response = await client.post(
        "/callback/feishu/fs", data=body, headers=_feishu_headers(body, timestamp())
    )
    assert response.status == 403
    assert await _stored(client) == 0


async def test_feishu_event_signed_now_is_taken(client: TestClient) -> None:
    body = seal(event(REPORT))
    headers = _feishu_headers(body, str(int(time.time()) - 600))
    response = await client.post("/callback/feishu/fs", data=body, headers=headers)
    assert response.status == 200
    assert await _stored(client) == 2
