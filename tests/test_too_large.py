"""A body past its limit is refused with 413 in Chinese, saying the limit: the simulator's and
the local adapter's JSON, the dashboard's forms (a page) and the platform callbacks."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from storage.models import Inbound
from tests.fakes.dingtalk_peer import APP_SECRET, peer_headers
from tests.support.apps import app_settings, count, seeded_client
from tests.support.dashboard import OFFICE

LIMIT = 4096


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    bots = [{"name": "dd", "platform": "dingtalk", "app_key": "k", "app_secret": APP_SECRET}]
    settings = app_settings(tmp_path, server={"client_max_size": LIMIT}, bots=bots)
    return await seeded_client(aiohttp_client, create_app(settings))


async def test_the_local_adapter_says_in_chinese_the_body_is_too_large(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    text = "进度 物流园\n形象进度：" + "施工" * LIMIT
    body = {"msg_id": "m1", "chat_id": "owners", "user_id": "15803560303", "text": text}
    response = await client.post("/callback/local", json=body)
    assert response.status == 413
    assert await response.json() == {"error": "提交的内容超过 4KB 上限，未处理"}
    assert await count(client, Inbound) == 0


async def test_a_dashboard_form_too_large_gets_a_chinese_page(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    response = await client.post("/dashboard/login", data={"token": "x" * LIMIT})
    page = await response.text()
    assert response.status == 413 and "提交的内容太大" in page
    assert "提交的内容超过 4KB 上限" in page and "Maximum" not in page


async def test_the_upload_form_says_how_large_a_ledger_may_be(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    page = await (await client.get("/dashboard/import", headers=OFFICE)).text()
    assert "不超过 20MB" in page


async def test_a_platform_callback_too_large_is_told_in_chinese(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    data = json.dumps({"text": {"content": "填" * LIMIT}}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", **peer_headers()}
    response = await client.post("/callback/dingtalk/dd", data=data, headers=headers)
    assert response.status == 413
    assert (await response.json())["errmsg"] == "提交的内容超过 4KB 上限，未处理"
