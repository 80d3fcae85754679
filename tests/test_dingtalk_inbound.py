"""DingTalk robot HTTP callback: signed messages answered via sessionWebhook, bad ones refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB, SETTINGS, TASKS
from storage.models import Inbound, Outbox, Report, Undelivered
from tests.fakes.dingtalk_peer import APP_SECRET, message, now_ms, peer_headers
from tests.fakes.dingtalk_server import DingTalkServer
from tests.support.apps import LOCAL_GROUPS, app_settings, count, seeded_client
from tests.support.commands import LONG, LONG_LINES, add_test_commands
from tests.support.seed import REPORT

GROUP = "城区钉钉责任人群"


def build_app(tmp_path: Path, dingtalk: DingTalkServer, **bot: Any) -> web.Application:
    """The real app with one DingTalk robot (on the fake's host unless `bot` says otherwise)."""
    group = {"name": GROUP, "platform": "dingtalk", "role": "office", "chat_id": "cid-group"}
    group |= {"webhook": dingtalk.webhook(), "secret": "SECrobot-secret-0123456789"}
    settings = app_settings(
        tmp_path,
        server={"client_max_size": 4096},
        bots=[
            {
                "name": "dd",
                "platform": "dingtalk",
                "app_key": "ding-app-key",
                "app_secret": APP_SECRET,
                # A private DingTalk: replies go to sessionWebhooks on this host.
                "api_base": dingtalk.base_url,
                **bot,
            }
        ],
        groups=[*LOCAL_GROUPS, group],
        # Replies that fall back to the group robot go through the outbox: let it look often.
        outbox={"interval_seconds": 0.05},
    )
    app = create_app(settings)
    return app


@pytest.fixture
async def client(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer
) -> TestClient:
    return await seeded_client(aiohttp_client, build_app(tmp_path, dingtalk), dingtalk="user123")


async def post(client: TestClient, body: Any, headers: dict[str, str] | None = None) -> int:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    response = await client.post(
        "/callback/dingtalk/dd",
        data=data,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            **(peer_headers() if headers is None else headers),
        },
    )
    return response.status


async def test_report_is_answered_in_the_chat_through_the_session_webhook(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    assert await post(client, message(dingtalk.session_webhook(), REPORT)) == 200
    await dingtalk.wait_until(lambda: len(dingtalk.replies()) == 1)
    [reply] = dingtalk.replies()
    assert reply["msgtype"] == "markdown"
    assert "已收到“城区智慧物流园”" in reply["markdown"]["text"]
    assert "累计完成：3500万元" in reply["markdown"]["text"]
    async with client.app[DB].read() as session:
        [report] = (await session.execute(select(Report))).scalars()
    assert report.source_msg_id == "msgA1"


@pytest.mark.parametrize(
    ("hosts", "replied_in_session"), [(["127.0.0.1"], True), ([], False)], ids=["listed", "not"]
)
async def test_a_session_webhook_off_api_base_is_used_only_on_a_listed_host(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    dingtalk: DingTalkServer,
    hosts: list[str],
    replied_in_session: bool,
) -> None:
    app = build_app(tmp_path, dingtalk, api_base=None, session_webhook_hosts=hosts)
    client = await seeded_client(aiohttp_client, app, dingtalk="user123")
    assert await post(client, message(dingtalk.session_webhook(), "/帮助")) == 200
    await dingtalk.wait_until(lambda: len(dingtalk.received) == 1)
    [sent] = dingtalk.received
    assert sent.path == ("/robot/sendBySession" if replied_in_session else "/robot/send")


async def test_a_redelivered_message_is_stored_and_answered_once(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    body = message(dingtalk.session_webhook(), REPORT)
    assert await post(client, body) == 200
    assert await post(client, body) == 200
    assert (
        await post(client, message(dingtalk.session_webhook("session-2"), "/帮助", msg_id="msgA2"))
        == 200
    )
    await dingtalk.wait_until(lambda: len(dingtalk.replies("session-2")) == 1)
    await client.app[TASKS].close()
    assert len(dingtalk.replies("session-1")) == 1
    assert await count(client, Inbound) == 2
    assert await count(client, Report) == 1


@pytest.mark.parametrize("copies", [2, 10, 50])
async def test_concurrent_deliveries_are_answered_once_in_the_chat(
    client: TestClient, dingtalk: DingTalkServer, copies: int
) -> None:
    body = message(dingtalk.session_webhook(), REPORT)
    statuses = await asyncio.gather(*(post(client, body) for _ in range(copies)))
    assert set(statuses) == {200}
    await dingtalk.wait_until(lambda: len(dingtalk.replies()) == 1)
    await client.app[TASKS].close()
    assert len(dingtalk.replies()) == 1
    assert await count(client, Inbound) == 1
    assert await count(client, Report) == 1


async def test_unknown_sender_gets_a_polite_answer_and_no_report_is_kept(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    assert (
        await post(client, message(dingtalk.session_webhook(), REPORT, sender="stranger-9")) == 200
    )
    await dingtalk.wait_until(lambda: len(dingtalk.replies()) == 1)
    assert "还没有在项目台账的人员名单中登记" in dingtalk.replies()[0]["markdown"]["text"]
    assert await count(client, Report) == 0


@pytest.mark.parametrize(
    ("expires_in_ms", "session_url"),
    [(-60_000, None), (5_400_000, "https://attacker.example/robot/sendBySession?session=x")],
    ids=["expired-session", "foreign-host"],
)
async def test_reply_without_a_usable_session_goes_to_the_group_robot(
    client: TestClient, dingtalk: DingTalkServer, expires_in_ms: int, session_url: str | None
) -> None:
    body = message(dingtalk.session_webhook(), "/帮助", expires_in_ms=expires_in_ms)
    body["sessionWebhook"] = session_url or body["sessionWebhook"]
    assert await post(client, body) == 200
    # Not to the session webhook: the outbox worker delivers it through the group robot.
    await dingtalk.wait_until(lambda: len(dingtalk.received) == 1)
    [sent] = dingtalk.received
    assert sent.path == "/robot/send"
    assert "使用说明" in sent.body["markdown"]["text"]
    async with client.app[DB].read() as session:
        rows = list(
            (
                await session.execute(select(Outbox).where(Outbox.idempotency_key.like("reply:%")))
            ).scalars()
        )
    assert [(row.platform, row.destination) for row in rows] == [("dingtalk", GROUP)]


async def test_a_reply_cut_off_midway_goes_on_through_the_robot_without_repeating(
    client: TestClient, dingtalk: DingTalkServer
) -> None:
    add_test_commands(client.app)
    dingtalk.script(0, -1)  # the session takes the first part, then refuses
    assert await post(client, message(dingtalk.session_webhook(), f"/{LONG}")) == 200
    await dingtalk.wait_until(lambda: len(dingtalk.delivered()) >= 2)
    session = [body["markdown"]["text"] for body in dingtalk.replies()]
    robot = [body["markdown"]["text"] for body in dingtalk.delivered()]
    assert len(session) == 2  # one delivered, one refused
    lines = [line for text in (session[0], *robot) for line in text.split("\n") if "行：" in line]
    numbers = [line.split("行：")[0][-3:] for line in lines]
    assert numbers == [f"{n:03d}" for n in range(1, LONG_LINES + 1)]  # each once, in order


async def test_a_session_webhook_that_times_out_is_not_sent_again_and_the_rest_follows(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer
) -> None:
    app = build_app(tmp_path, dingtalk)
    app[SETTINGS] = app[SETTINGS].model_copy(
        update={"outbox": app[SETTINGS].outbox.model_copy(update={"request_timeout_seconds": 0.2})}
    )
    client = await seeded_client(aiohttp_client, app, dingtalk="user123")
    add_test_commands(client.app)
    dingtalk.delay = 1.0  # the session webhook takes the first part, then answers too late
    assert await post(client, message(dingtalk.session_webhook(), f"/{LONG}")) == 200
    await dingtalk.wait_until(lambda: len(dingtalk.received) == 1)
    dingtalk.delay = 0

    def numbers() -> list[str]:
        texts = [body["markdown"]["text"] for body in (*dingtalk.replies(), *dingtalk.delivered())]
        lines = [line for text in texts for line in text.split("\n") if "行：" in line]
        return [line.split("行：")[0][-3:] for line in lines]

    await dingtalk.wait_until(lambda: len(numbers()) >= LONG_LINES)
    await client.app[TASKS].close()
    assert len(dingtalk.replies()) == 1  # it may have arrived: never sent again
    assert numbers() == [f"{n:03d}" for n in range(1, LONG_LINES + 1)]  # each once, in order


async def test_a_reply_nothing_can_carry_is_kept_for_the_office(
    aiohttp_client: AiohttpClient, tmp_path: Path, dingtalk: DingTalkServer
) -> None:
    app = build_app(tmp_path, dingtalk)
    client = await seeded_client(aiohttp_client, app, dingtalk="user123")
    body = message(dingtalk.session_webhook(), "/帮助", expires_in_ms=-1000)
    body["conversationId"] = "cid-without-robot"
    assert await post(client, body) == 200
    await client.app[TASKS].close()
    async with client.app[DB].read() as session:
        [kept] = (await session.execute(select(Undelivered))).scalars()
    assert kept.source == "回复"
    assert "使用说明" in kept.what
    assert "已过期" in kept.reason
    assert dingtalk.received == []


ELSEWHERE = "https://oapi.dingtalk.com/robot/sendBySession?session=x"
Headers = Callable[[], dict[str, str] | None]


def _good(**changes: Any) -> dict[str, Any]:
    return {**message(ELSEWHERE, REPORT), **changes}


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in _good().items() if k != key}


SIGNED: Headers = lambda: None  # noqa: E731  (post() signs properly)
BAD_REQUESTS = [
    pytest.param(_good(), lambda: {}, 403, id="no-headers"),
    pytest.param(_good(), lambda: {"sign": peer_headers()["sign"]}, 403, id="no-timestamp"),
    pytest.param(_good(), lambda: {"timestamp": peer_headers()["timestamp"]}, 403, id="no-sign"),
    pytest.param(_good(), lambda: peer_headers(secret="other"), 403, id="wrong-secret"),
    pytest.param(_good(), lambda: {**peer_headers(), "sign": "!!!="}, 403, id="garbage-sign"),
    pytest.param(_good(), lambda: {**peer_headers(), "timestamp": "12a4"}, 403, id="bad-timestamp"),
    pytest.param(_good(), lambda: peer_headers(at_ms=now_ms() - 7_200_000), 403, id="stale"),
    pytest.param(_good(), lambda: peer_headers(at_ms=now_ms() + 7_200_000), 403, id="future"),
    pytest.param(b"<xml><msgId>1</msgId></xml>", SIGNED, 400, id="xml-body"),
    pytest.param(b"\xff\xfe garbage", SIGNED, 400, id="not-json"),
    pytest.param([_good()], SIGNED, 400, id="json-array"),
    pytest.param(_without("msgId"), SIGNED, 400, id="no-msgId"),
    pytest.param(_without("conversationType"), SIGNED, 400, id="no-conversationType"),
    pytest.param(_good(msgId="m" * 300), SIGNED, 400, id="msgId-too-long"),
    pytest.param(_good(senderId=""), SIGNED, 400, id="empty-sender"),
    pytest.param(_good(sessionWebhookExpiredTime=10**20), SIGNED, 400, id="expiry-past-64-bit"),
    pytest.param(_good(sessionWebhookExpiredTime=-(2**63) - 1), SIGNED, 400, id="expiry-below"),
    pytest.param(_good(text={"content": "填" * 2000}), SIGNED, 413, id="oversized-body"),
]


@pytest.mark.parametrize(("body", "headers", "status"), BAD_REQUESTS)
async def test_bad_requests_are_refused_and_nothing_is_stored(
    client: TestClient, dingtalk: DingTalkServer, body: Any, headers: Headers, status: int
) -> None:
    assert await post(client, body, headers()) == status
    assert await count(client, Inbound) == 0
    assert dingtalk.received == []
