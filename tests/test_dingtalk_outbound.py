"""DingTalk custom-robot pushes: markdown dialect, mentions, splitting, signing, error codes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from aiohttp import ClientSession
from dingtalkchatbot.chatbot import DingtalkChatbot

from bot.adapters.base import PushTarget, SendError
from bot.adapters.dingtalk import OUTBOUND
from bot.adapters.dingtalk.crypto import compute_sign
from bot.adapters.dingtalk.outbound import LIMIT_BYTES, dumps
from core.messages import Mention, OutboundMessage
from tests.fakes.dingtalk_server import DingTalkServer

SECRET = "SECrobot-secret-0123456789"
OWNER = Mention(name="张伟", mobile="13900000003")
LEADER = Mention(name="钱副区长", user_id="manager4220")


def _now_ms() -> int:
    return int(time.time() * 1000)


def _target(
    dingtalk: DingTalkServer, token: str = "robot-token", secret: str | None = SECRET
) -> PushTarget:
    return PushTarget(
        platform="dingtalk", name="城区项目群", webhook=dingtalk.webhook(token), secret=secret
    )


def _text_of(body: dict[str, Any]) -> str:
    return body["markdown"]["text"]


def test_markdown_body_mentions_by_mobile_and_userid_with_the_at_in_the_text() -> None:
    message = OutboundMessage(text="【未报提醒】\n请尽快填报本周进度", mentions=(OWNER, LEADER))
    [body] = OUTBOUND.payloads(message)
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "【未报提醒】"
    assert body["at"] == {
        "atMobiles": ["13900000003"],
        "atUserIds": ["manager4220"],
        "isAtAll": False,
    }
    text = _text_of(body)
    assert "@13900000003" in text
    assert "@manager4220" in text
    # A single newline is no line break in DingTalk markdown: two trailing spaces make one.
    assert text.startswith("【未报提醒】  \n请尽快填报本周进度")


def test_mention_fields_are_named_as_dingtalkchatbot_names_them() -> None:
    captured: list[dict[str, Any]] = []
    peer = DingtalkChatbot("https://example.invalid/robot/send?access_token=x")
    peer.post = captured.append  # type: ignore[method-assign]
    peer.send_markdown("标题", "正文", at_mobiles=["13900000003"], at_dingtalk_ids=["manager4220"])
    [body] = OUTBOUND.payloads(OutboundMessage(text="正文", title="标题", mentions=(OWNER, LEADER)))
    assert set(captured[0]["at"]) <= set(body["at"])
    assert captured[0]["markdown"]["title"] == body["markdown"]["title"]
    assert captured[0]["markdown"]["text"].endswith("@13900000003")
    assert "@13900000003" in body["markdown"]["text"]


def test_everyone_is_mentioned_with_is_at_all() -> None:
    [body] = OUTBOUND.payloads(
        OutboundMessage(text="调度会通知", mentions=(Mention(name="所有人", user_id="@all"),))
    )
    assert body["at"]["isAtAll"] is True
    assert "@所有人" in _text_of(body)


def test_a_long_message_is_split_at_line_ends_under_20000_bytes() -> None:
    lines = [f"{n:04d} 城区智慧物流园项目本周完成投资1200万元，主体结构封顶。" for n in range(1500)]
    message = OutboundMessage(text="\n".join(lines), title="周报", mentions=(OWNER,))
    bodies = OUTBOUND.payloads(message)
    assert len(bodies) > 3
    assert all(len(dumps(body)) <= LIMIT_BYTES for body in bodies)
    assert [b["markdown"]["title"] for b in bodies][:2] == [
        f"周报（1/{len(bodies)}）",
        f"周报（2/{len(bodies)}）",
    ]
    assert all("at" not in body for body in bodies[:-1])
    assert bodies[-1]["at"]["atMobiles"] == ["13900000003"]
    pieces = [_text_of(b).split("  \n\n@")[0].replace("  \n", "\n") for b in bodies]
    assert "\n".join(pieces) == message.text  # nothing lost, every cut at a line end


def test_a_single_line_longer_than_the_limit_is_cut_between_characters() -> None:
    message = OutboundMessage(text="项" * 15_000)
    bodies = OUTBOUND.payloads(message)
    assert len(bodies) == 3
    assert all(len(dumps(body)) <= LIMIT_BYTES for body in bodies)
    assert "".join(_text_of(body) for body in bodies) == message.text


async def test_signed_push_arrives_once_and_the_fake_accepts_its_signature(
    dingtalk: DingTalkServer, http: ClientSession
) -> None:
    [body] = OUTBOUND.payloads(
        OutboundMessage(text="【亮灯预警】物流园转为黄灯", mentions=(OWNER,))
    )
    await OUTBOUND.send(http, _target(dingtalk), body, _now_ms())
    assert dingtalk.delivered() == [body]


async def test_a_sign_with_plus_is_url_encoded_exactly_once(
    dingtalk: DingTalkServer, http: ClientSession
) -> None:
    now = _now_ms()
    stamp = next(ts for ts in range(now, now - 10_000, -1) if "+" in compute_sign(SECRET, ts))
    await OUTBOUND.send(
        http, _target(dingtalk), OUTBOUND.payloads(OutboundMessage(text="测试"))[0], stamp
    )
    [received] = dingtalk.received
    assert received.code == 0
    assert received.query["sign"] == compute_sign(SECRET, stamp)


async def test_robot_without_secret_is_sent_unsigned(
    dingtalk: DingTalkServer, http: ClientSession
) -> None:
    [body] = OUTBOUND.payloads(OutboundMessage(text="测试"))
    await OUTBOUND.send(http, _target(dingtalk, "open-robot", None), body, _now_ms())
    assert dingtalk.delivered("open-robot") == [body]
    assert "sign" not in dingtalk.received[0].query


@pytest.mark.parametrize(
    ("secret", "skew_ms"),
    [("SECwrong", 0), (SECRET, -2 * 3_600_000)],
    ids=["wrong-secret", "stale"],
)
async def test_bad_signature_is_a_permanent_failure(
    dingtalk: DingTalkServer, http: ClientSession, secret: str, skew_ms: int
) -> None:
    [body] = OUTBOUND.payloads(OutboundMessage(text="测试"))
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(dingtalk, secret=secret), body, _now_ms() + skew_ms)
    assert (caught.value.code, caught.value.retryable) == (310000, False)
    assert dingtalk.delivered() == []


async def test_the_21st_push_in_a_minute_is_throttled_and_retryable_later(
    http: ClientSession,
) -> None:
    frozen = time.time()
    async with DingTalkServer({"robot-token": SECRET}, clock=lambda: frozen) as dingtalk:
        for n in range(20):
            [body] = OUTBOUND.payloads(OutboundMessage(text=f"第{n}条"))
            await OUTBOUND.send(http, _target(dingtalk), body, _now_ms())
        with pytest.raises(SendError) as caught:
            await OUTBOUND.send(http, _target(dingtalk), body, _now_ms())
    assert len(dingtalk.delivered()) == 20
    assert caught.value.retryable
    assert caught.value.retry_after is not None and caught.value.retry_after >= 600


@pytest.mark.parametrize(
    ("errcode", "retryable"), [(-1, True), (130101, True), (400102, False), (460101, False)]
)
async def test_error_codes_say_whether_to_retry(
    dingtalk: DingTalkServer, http: ClientSession, errcode: int, retryable: bool
) -> None:
    dingtalk.fail_next(1, errcode)
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(
            http, _target(dingtalk), OUTBOUND.payloads(OutboundMessage(text="x"))[0], _now_ms()
        )
    assert (caught.value.code, caught.value.retryable) == (errcode, retryable)


async def test_unknown_robot_token_is_permanent(
    dingtalk: DingTalkServer, http: ClientSession
) -> None:
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(
            http,
            _target(dingtalk, "gone"),
            OUTBOUND.payloads(OutboundMessage(text="x"))[0],
            _now_ms(),
        )
    assert (caught.value.code, caught.value.retryable) == (400101, False)


async def test_unreachable_robot_is_retryable(
    dingtalk: DingTalkServer, http: ClientSession
) -> None:
    target = _target(dingtalk)
    await dingtalk.close()
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(
            http, target, OUTBOUND.payloads(OutboundMessage(text="x"))[0], _now_ms()
        )
    assert caught.value.retryable
