"""Feishu custom-bot pushes: post and card dialects, mentions, 20 KB splitting, body signing."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.dingtalk.outbound import dumps
from bot.adapters.feishu import OUTBOUND
from bot.adapters.feishu.outbound import TenantTokens, api_body
from core.messages import Mention, OutboundMessage
from tests.fakes.feishu_server import FeishuServer

SECRET = "feishu-bot-secret"
OWNER = Mention(name="张伟", user_id="ou_owner")
NO_ID = Mention(name="王强", mobile="13900000005")
LIMIT = 20 * 1024


def _target(feishu: FeishuServer, hook: str = "hook-1", secret: str | None = SECRET) -> PushTarget:
    return PushTarget(
        platform="feishu", name="城区飞书群", webhook=feishu.webhook(hook), secret=secret
    )


def _now_ms() -> int:
    return int(time.time() * 1000)


def _post_lines(body: dict[str, Any]) -> list[list[dict[str, str]]]:
    return body["content"]["post"]["zh_cn"]["content"]


def test_plain_text_is_a_post_with_one_paragraph_per_line_and_at_tags() -> None:
    message = OutboundMessage(text="【未报提醒】\n请尽快填报", mentions=(OWNER, NO_ID))
    [body] = OUTBOUND.payloads(message)
    assert body["msg_type"] == "post"
    assert _post_lines(body) == [
        [{"tag": "text", "text": "【未报提醒】"}],
        [{"tag": "text", "text": "请尽快填报"}],
        [{"tag": "at", "user_id": "ou_owner"}, {"tag": "text", "text": "@王强 "}],
    ]


def test_everyone_is_at_all() -> None:
    [body] = OUTBOUND.payloads(
        OutboundMessage(text="开会", mentions=(Mention(name="所有人", user_id="@all"),))
    )
    assert _post_lines(body)[-1] == [{"tag": "at", "user_id": "all"}]


def test_markdown_becomes_a_card_with_feishu_markdown_and_mentions() -> None:
    message = OutboundMessage(text="# 双周调度\n**红灯** 2 个", title="调度会", mentions=(OWNER,))
    [body] = OUTBOUND.payloads(message)
    assert body["msg_type"] == "interactive"
    card = body["card"]
    assert card["header"]["title"] == {"tag": "plain_text", "content": "调度会"}
    # Card markdown has no headings: they become bold lines.
    assert card["elements"] == [
        {"tag": "markdown", "content": "**双周调度**\n**红灯** 2 个\n<at id=ou_owner></at>"}
    ]


@pytest.mark.parametrize("bold", [False, True], ids=["post", "card"])
def test_a_long_message_is_split_at_line_ends_under_20_kb(bold: bool) -> None:
    mark = "**" if bold else ""
    lines = [
        f"{n:04d} {mark}城区智慧物流园{mark}项目本周完成投资1200万元，主体结构封顶。"
        for n in range(1200)
    ]
    message = OutboundMessage(text="\n".join(lines), mentions=(OWNER,))
    bodies = OUTBOUND.payloads(message)
    assert len(bodies) > 3
    # timestamp and sign are added by send(): leave room for them under the 20 KB limit
    assert all(
        len(dumps({**b, "timestamp": "1700000000", "sign": "x" * 44})) <= LIMIT for b in bodies
    )
    if bold:
        texts = [b["card"]["elements"][0]["content"] for b in bodies]
        texts[-1] = texts[-1].removesuffix("\n<at id=ou_owner></at>")
    else:
        texts = [
            "\n".join(p[0]["text"] for p in _post_lines(b) if p[0]["tag"] == "text") for b in bodies
        ]
    assert "\n".join(texts) == message.text


def test_api_body_carries_content_as_a_json_string() -> None:
    [post] = OUTBOUND.payloads(OutboundMessage(text="你好"))
    body = api_body(post)
    assert body["msg_type"] == "post"
    assert (
        body["content"]
        == '{"zh_cn": {"title": "", "content": [[{"tag": "text", "text": "你好"}]]}}'
    )


async def test_signed_push_arrives_once_with_a_valid_sign_in_seconds(
    feishu: FeishuServer, http: ClientSession
) -> None:
    [body] = OUTBOUND.payloads(OutboundMessage(text="【亮灯预警】物流园转为黄灯"))
    await OUTBOUND.send(http, _target(feishu), body, _now_ms())
    [delivered] = feishu.delivered()
    assert len(delivered["timestamp"]) == 10  # seconds, not milliseconds
    assert {k: v for k, v in delivered.items() if k not in {"timestamp", "sign"}} == body


async def test_unsigned_bot_gets_no_sign(feishu: FeishuServer, http: ClientSession) -> None:
    [body] = OUTBOUND.payloads(OutboundMessage(text="测试"))
    await OUTBOUND.send(http, _target(feishu, "open-hook", None), body, _now_ms())
    assert feishu.delivered("open-hook") == [body]


@pytest.mark.parametrize(
    ("hook", "secret", "skew_ms", "code"),
    [
        ("hook-1", "wrong", 0, 19021),
        ("hook-1", SECRET, -7_200_000, 19021),
        ("gone", None, 0, 19001),
    ],
    ids=["wrong-secret", "stale", "unknown-hook"],
)
async def test_refusals_are_permanent(
    feishu: FeishuServer,
    http: ClientSession,
    hook: str,
    secret: str | None,
    skew_ms: int,
    code: int,
) -> None:
    [body] = OUTBOUND.payloads(OutboundMessage(text="测试"))
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(feishu, hook, secret), body, _now_ms() + skew_ms)
    assert (caught.value.code, caught.value.retryable) == (code, False)
    assert feishu.delivered() == []


async def test_the_sixth_push_in_a_second_is_frequency_limited_and_retryable(
    http: ClientSession,
) -> None:
    frozen = time.time()
    async with FeishuServer({"hook-1": SECRET}, clock=lambda: frozen) as feishu:
        for n in range(5):
            await OUTBOUND.send(
                http, _target(feishu), OUTBOUND.payloads(OutboundMessage(text=f"{n}"))[0], _now_ms()
            )
        with pytest.raises(SendError) as caught:
            await OUTBOUND.send(
                http, _target(feishu), OUTBOUND.payloads(OutboundMessage(text="6"))[0], _now_ms()
            )
    assert len(feishu.delivered()) == 5
    assert (caught.value.code, caught.value.retryable) == (11232, True)
    assert caught.value.retry_after is not None and caught.value.retry_after > 0


async def test_unreachable_bot_is_retryable(feishu: FeishuServer, http: ClientSession) -> None:
    target = _target(feishu)
    await feishu.close()
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(
            http, target, OUTBOUND.payloads(OutboundMessage(text="x"))[0], _now_ms()
        )
    assert caught.value.retryable


async def test_replies_sent_at_once_share_one_tenant_token(
    feishu: FeishuServer, http: ClientSession
) -> None:
    # five answers leaving together: one token fetched, not one each (the API limits it)
    tokens = TenantTokens()
    app_id, secret = feishu.app_credentials
    got = await asyncio.gather(
        *(tokens.get(http, feishu.base_url, app_id, secret) for _ in range(5))
    )
    assert len(set(got)) == 1 and got[0]
    assert feishu.token_requests == 1
