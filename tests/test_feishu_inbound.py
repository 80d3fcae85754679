"""Feishu event subscription: challenge, signed encrypted events answered, bad ones refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import lark_oapi as lark
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from lark_oapi.core.model import RawRequest
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB, TASKS
from storage.models import Inbound, Report
from tests.fakes.feishu_peer import APP, ENCRYPT_KEY, TOKEN, challenge, event, seal, sign
from tests.fakes.feishu_server import FeishuServer
from tests.support.apps import LOCAL_GROUPS, app_settings, count, seeded_client
from tests.support.seed import REPORT

BOTS = [
    {"name": "fs", **APP, "encrypt_key": ENCRYPT_KEY, "verification_token": TOKEN},
    {"name": "fs-plain", **APP, "verification_token": TOKEN},
    {"name": "fs-open", **APP},
]
CHALLENGE = challenge()


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, tmp_path: Path, feishu: FeishuServer) -> TestClient:
    # The fake is reached only through each bot's api_base, as a private deployment would be.
    bots = [{**bot, "api_base": feishu.base_url} for bot in BOTS]
    settings = app_settings(
        tmp_path, server={"client_max_size": 4096}, bots=bots, groups=LOCAL_GROUPS
    )
    app = create_app(settings)
    return await seeded_client(aiohttp_client, app, feishu="ou_owner")


ROBOT = {"name": "城区飞书责任人群", "platform": "feishu", "role": "office", "chat_id": "oc_group"}


@pytest.fixture
async def with_robot(
    aiohttp_client: AiohttpClient, tmp_path: Path, feishu: FeishuServer
) -> TestClient:
    """The app with a custom robot in the chat the events come from (oc_group)."""
    robot = {**ROBOT, "webhook": feishu.webhook(), "secret": "feishu-bot-secret"}
    bots = [{**bot, "api_base": feishu.base_url} for bot in BOTS]
    settings = app_settings(
        tmp_path, bots=bots, groups=[*LOCAL_GROUPS, robot], outbox={"interval_seconds": 0.05}
    )
    app = create_app(settings)
    return await seeded_client(aiohttp_client, app, feishu="ou_owner")


def lark_accepts(body: bytes, headers: dict[str, str]) -> bool:
    """Whether lark-oapi's own dispatcher takes the request (an independent peer)."""
    handler = (
        lark.EventDispatcherHandler.builder(ENCRYPT_KEY, TOKEN)
        .register_p2_im_message_receive_v1(lambda data: None)
        .build()
    )
    request = RawRequest()
    request.body, request.headers, request.uri = body, headers, "/callback"
    return handler.do(request).status_code == 200


async def post(
    client: TestClient, body: bytes, headers: dict[str, str], bot: str = "fs"
) -> web.Response:
    return await client.post(
        f"/callback/feishu/{bot}",
        data=body,
        headers={"Content-Type": "application/json", **headers},
    )


async def test_plain_challenge_is_echoed(client: TestClient) -> None:
    response = await post(client, json.dumps(CHALLENGE).encode(), {}, bot="fs-plain")
    assert (response.status, await response.json()) == (200, {"challenge": "ajls384kdjx98XX"})


async def test_encrypted_challenge_is_echoed_in_plain(client: TestClient) -> None:
    response = await post(client, seal(CHALLENGE), {})
    assert (response.status, await response.json()) == (200, {"challenge": "ajls384kdjx98XX"})


async def test_challenge_with_a_wrong_token_is_refused(client: TestClient) -> None:
    body = json.dumps({**CHALLENGE, "token": "guess"}).encode()
    assert (await post(client, body, {}, bot="fs-plain")).status == 403


async def test_encrypted_signed_report_is_answered_by_the_reply_api(
    client: TestClient, feishu: FeishuServer
) -> None:
    body = seal(event(REPORT))
    headers = sign(body)
    assert lark_accepts(body, headers)
    response = await post(client, body, headers)
    assert (response.status, await response.json()) == (200, {"msg": "success"})
    await feishu.wait_until(lambda: len(feishu.replies("om_1")) == 1)
    [reply] = feishu.replies("om_1")
    assert reply["msg_type"] == "post"
    lines = [paragraph[0]["text"] for paragraph in reply["content"]["zh_cn"]["content"]]
    assert any("已收到“城区智慧物流园”" in line for line in lines)
    async with client.app[DB].read() as session:
        [row] = (await session.execute(Inbound.__table__.select())).all()
    assert (row.platform_msg_id, row.chat_id, row.sender) == ("om_1", "oc_group", "ou_owner")
    assert row.text.startswith("@调度助手 进度 城区智慧物流园")


async def test_a_repushed_event_is_stored_and_answered_once(
    client: TestClient, feishu: FeishuServer
) -> None:
    body = seal(event(REPORT))
    for _ in range(2):
        assert (await post(client, body, sign(body))).status == 200
    later = seal(event("/帮助", message_id="om_2", event_id="ev_2"))
    assert (await post(client, later, sign(later))).status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_2")) == 1)
    await client.app[TASKS].close()
    assert len(feishu.replies("om_1")) == 1
    assert feishu.token_requests == 1  # the tenant token is cached
    assert await count(client, Inbound) == 2
    assert await count(client, Report) == 1


@pytest.mark.parametrize("copies", [2, 10, 50])
async def test_concurrent_pushes_of_one_event_are_answered_once(
    client: TestClient, feishu: FeishuServer, copies: int
) -> None:
    body = seal(event(REPORT))
    responses = await asyncio.gather(*(post(client, body, sign(body)) for _ in range(copies)))
    assert {response.status for response in responses} == {200}
    await feishu.wait_until(lambda: len(feishu.replies("om_1")) == 1)
    await client.app[TASKS].close()
    assert len(feishu.replies("om_1")) == 1
    assert await count(client, Inbound) == 1
    assert await count(client, Report) == 1


async def test_a_refused_reply_goes_to_the_chats_robot(
    with_robot: TestClient, feishu: FeishuServer
) -> None:
    feishu.fail_next(1)
    body = seal(event("/帮助"))
    assert (await post(with_robot, body, sign(body))).status == 200
    await feishu.wait_until(lambda: len(feishu.delivered()) == 1)
    [card] = feishu.delivered()
    assert "使用说明" in json.dumps(card, ensure_ascii=False)
    assert feishu.replies("om_1") == []


async def test_a_revoked_tenant_token_is_fetched_anew_and_the_reply_goes_through(
    client: TestClient, feishu: FeishuServer
) -> None:
    first = seal(event("/帮助"))
    assert (await post(client, first, sign(first))).status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_1")) == 1)
    feishu.rotate_token()
    later = seal(event("/帮助", message_id="om_2", event_id="ev_2"))
    assert (await post(client, later, sign(later))).status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_2")) == 1)
    assert feishu.token_requests == 2


async def test_unknown_sender_gets_a_polite_answer_and_no_report(
    client: TestClient, feishu: FeishuServer
) -> None:
    body = seal(event(REPORT, open_id="ou_stranger"))
    assert (await post(client, body, sign(body))).status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_1")) == 1)
    assert "还没有在项目台账的人员名单中登记" in json.dumps(
        feishu.replies("om_1"), ensure_ascii=False
    )
    assert await count(client, Report) == 0


async def test_other_events_are_acknowledged_and_ignored(
    client: TestClient, feishu: FeishuServer
) -> None:
    body = seal(event("x", event_type="im.chat.member.bot.added_v1"))
    response = await post(client, body, sign(body))
    assert (response.status, await response.json()) == (200, {"msg": "success"})
    assert await count(client, Inbound) == 0


async def test_token_only_bot_takes_plain_events(client: TestClient, feishu: FeishuServer) -> None:
    body = json.dumps(event("/帮助")).encode()
    assert (await post(client, body, {}, bot="fs-plain")).status == 200
    await feishu.wait_until(lambda: len(feishu.replies("om_1")) == 1)


Case = Callable[[], tuple[bytes, dict[str, str]]]


def _signed(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, sign(body)


def _tampered() -> tuple[bytes, dict[str, str]]:
    body = seal(event(REPORT))
    return body.replace(b'"}', b'A"}'), sign(body)


def _wrong_nonce() -> tuple[bytes, dict[str, str]]:
    body = seal(event(REPORT))
    return body, {**sign(body), "X-Lark-Request-Nonce": "other"}


BAD_REQUESTS = [
    pytest.param(lambda: (seal(event(REPORT)), {}), 403, True, id="no-signature"),
    pytest.param(
        lambda: (seal(event(REPORT)), sign(seal(event(REPORT)), "other")),
        403,
        True,
        id="wrong-key-sig",
    ),
    pytest.param(_tampered, 403, True, id="body-changed-after-signing"),
    pytest.param(_wrong_nonce, 403, True, id="wrong-nonce"),
    pytest.param(
        lambda: _signed(b'{"encrypt":"%%%not base64%%%"}'), 400, True, id="base64-garbage"
    ),
    pytest.param(lambda: _signed(b'{"encrypt":"AAAA"}'), 400, True, id="too-short"),
    pytest.param(lambda: _signed(seal(event(REPORT), key="other")), 400, True, id="other-aes-key"),
    pytest.param(lambda: _signed(b"<xml><Encrypt>x</Encrypt></xml>"), 400, True, id="xml-body"),
    pytest.param(
        lambda: _signed(json.dumps(event(REPORT)).encode()), 400, False, id="not-encrypted"
    ),
    pytest.param(lambda: _signed(seal("<xml>not json</xml>")), 400, True, id="decrypts-to-xml"),
    pytest.param(lambda: _signed(seal([1, 2])), 400, True, id="decrypts-to-array"),
    pytest.param(lambda: _signed(seal(event(REPORT, token="guess"))), 403, True, id="wrong-token"),
    pytest.param(
        lambda: _signed(seal({"uuid": "u1", "event": {"type": "message"}})),
        400,
        False,
        id="v1-event",
    ),
    pytest.param(
        lambda: _signed(seal({**event(REPORT), "event": {"sender": {}}})),
        400,
        False,
        id="no-message",
    ),
    pytest.param(
        lambda: _signed(seal(event(REPORT, message_id=""))), 400, False, id="empty-message-id"
    ),
    pytest.param(lambda: _signed(seal(event(REPORT, open_id=""))), 400, False, id="no-sender"),
    pytest.param(lambda: _signed(seal(event("填" * 2000))), 413, False, id="oversized-body"),
]


@pytest.mark.parametrize(("case", "status", "lark_refuses"), BAD_REQUESTS)
async def test_bad_requests_are_refused_and_nothing_is_stored(
    client: TestClient, feishu: FeishuServer, case: Case, status: int, lark_refuses: bool
) -> None:
    body, headers = case()
    if lark_refuses:  # the peer agrees the request is bad (where it checks the same thing)
        assert not lark_accepts(body, headers)
    assert (await post(client, body, headers)).status == status
    assert await count(client, Inbound) == 0
    assert feishu.received == []


@pytest.mark.parametrize(
    ("bot", "body", "status"),
    [
        ("fs-plain", json.dumps(event(REPORT, token="guess")).encode(), 403),
        ("fs-plain", b"<xml><MsgType>text</MsgType></xml>", 400),
        ("fs-plain", seal(event(REPORT)), 400),
        ("fs-open", json.dumps(event(REPORT)).encode(), 403),
    ],
    ids=["wrong-token", "xml-body", "encrypted-but-no-key", "bot-without-credentials"],
)
async def test_token_only_and_unconfigured_bots_refuse_bad_requests(
    client: TestClient, feishu: FeishuServer, bot: str, body: bytes, status: int
) -> None:
    assert (await post(client, body, {}, bot=bot)).status == status
    assert await count(client, Inbound) == 0
