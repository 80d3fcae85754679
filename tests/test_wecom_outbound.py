"""WeCom group-robot pushes: dialect, mentions, byte-limit splitting, and sends to a fake."""

from __future__ import annotations

import base64
import hashlib
import itertools
import struct
import zlib

import pytest
from aiohttp import ClientSession, ClientTimeout

from bot.adapters.base import PushTarget, SendError
from bot.adapters.transport import trace_config
from bot.adapters.wecom import OUTBOUND, PLAIN_OUTBOUND
from bot.adapters.wecom.outbound import WeComOutbound, image_payload
from bot.adapters.wecom.render import split_lines
from core.messages import Mention, OutboundMessage
from tests.fakes.wecom_server import WeComServer

# 30 projects × 3 lines of CJK text, each line 40-odd characters: about 11 KB of UTF-8.
LONG_DIGEST = "\n".join(
    f"{n:02d}. 城区第{n}号重点项目（北石店镇）本月完成投资一千二百万元，累计完成三千五百万元\n"
    f"    形象进度：主体结构施工至第{n}层，砌体工程同步推进，室外管网开挖完成\n"
    f"    存在问题：用地手续尚在办理，需区自然资源局协调解决"
    for n in range(1, 31)
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _target(server: WeComServer, key: str = "robot-key") -> PushTarget:
    return PushTarget(platform="wecom", name="城区项目责任人群", webhook=server.webhook(key))


def test_long_cjk_markdown_splits_under_4096_bytes_at_line_boundaries() -> None:
    payloads = OUTBOUND.payloads(OutboundMessage(text=LONG_DIGEST))
    contents = [p["markdown"]["content"] for p in payloads]
    assert len(contents) >= 3
    assert {p["msgtype"] for p in payloads} == {"markdown"}
    assert all(len(c.encode()) <= 4096 for c in contents)
    # Every chunk is whole lines, in order, and nothing is lost or duplicated.
    assert [line for c in contents for line in c.split("\n")] == LONG_DIGEST.split("\n")
    lines = LONG_DIGEST.split("\n")
    for chunk, following in itertools.pairwise(contents):
        # Each chunk is as full as whole lines allow: the next line would not have fitted.
        next_line = following.split("\n")[0]
        assert len(chunk.encode()) + 1 + len(next_line.encode()) > 4096
        assert next_line in lines


def test_a_single_overlong_line_is_cut_between_characters() -> None:
    line = "序时进度" * 700  # 8400 bytes, no line break at all
    chunks = split_lines(line, 4096)
    assert "".join(chunks) == line
    assert all(len(c.encode()) <= 4096 for c in chunks)


def test_markdown_colours_lights_and_keeps_bold() -> None:
    [payload] = OUTBOUND.payloads(
        OutboundMessage(text="**城区智慧物流园** 红灯\n厂房 黄灯\n老旧小区 蓝灯")
    )
    content = payload["markdown"]["content"]
    assert "**城区智慧物流园**" in content
    assert '<font color="warning">红灯</font>' in content
    assert '<font color="comment">黄灯</font>' in content
    assert '<font color="info">蓝灯</font>' in content


def test_mentions_go_as_text_with_userid_and_mobile_lists() -> None:
    message = OutboundMessage(
        text="**未报提醒**\n以下项目本周尚未报送进度：城区智慧物流园 红灯",
        mentions=(
            Mention(name="张伟", user_id="zhangwei", mobile="13900000003"),
            Mention(name="李娜", mobile="13900000004"),
            Mention(name="王强"),
        ),
    )
    [payload] = OUTBOUND.payloads(message)
    assert payload["msgtype"] == "text"
    text = payload["text"]
    assert text["mentioned_list"] == ["zhangwei"]
    assert text["mentioned_mobile_list"] == ["13900000004"]
    # Plain text for WeChat-plugin users: no markdown markers, the unreachable one named.
    assert "**" not in text["content"] and "<font" not in text["content"]
    assert text["content"].startswith("未报提醒\n")
    assert text["content"].endswith("@王强")


def test_long_mentioning_text_splits_under_2048_and_mentions_once() -> None:
    message = OutboundMessage(text=LONG_DIGEST, mentions=(Mention(name="张伟", user_id="zw"),))
    payloads = OUTBOUND.payloads(message)
    assert len(payloads) >= len(LONG_DIGEST.encode()) // 2048 + 1
    assert all(len(p["text"]["content"].encode()) <= 2048 for p in payloads)
    assert [p["text"].get("mentioned_list") for p in payloads] == [["zw"]] + [None] * (
        len(payloads) - 1
    )


def test_markdown_mentions_by_userid_when_text_is_not_forced() -> None:
    outbound = WeComOutbound(mentions_as_text=False)
    message = OutboundMessage(text="请及时报送", mentions=(Mention(name="张伟", user_id="zw"),))
    [payload] = outbound.payloads(message)
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["content"].endswith("<@zw>")


def test_plugin_groups_get_text_even_without_mentions() -> None:
    [payload] = PLAIN_OUTBOUND.payloads(OutboundMessage(text="**周报** 红灯 2 个", title="调度"))
    assert payload == {"msgtype": "text", "text": {"content": "调度\n周报 红灯 2 个"}}


def test_image_payload_carries_base64_and_md5_and_refuses_other_files() -> None:
    png = _png()
    payload = image_payload(png)
    assert base64.b64decode(payload["image"]["base64"]) == png
    assert payload["image"]["md5"] == hashlib.md5(png).hexdigest()
    with pytest.raises(ValueError):
        image_payload(b"GIF89a" + b"\x00" * 10)
    with pytest.raises(ValueError):
        image_payload(b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024))


async def test_pushes_arrive_in_the_documented_shape(
    wecom: WeComServer, http: ClientSession
) -> None:
    message = OutboundMessage(text=LONG_DIGEST)
    payloads = [*OUTBOUND.payloads(message), image_payload(_png())]
    for payload in payloads:
        await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    delivered = wecom.delivered()
    assert delivered == payloads
    assert delivered[0]["msgtype"] == "markdown"
    assert delivered[-1]["msgtype"] == "image"


async def test_the_21st_push_in_a_minute_is_rate_limited_and_retryable(
    wecom: WeComServer, http: ClientSession
) -> None:
    payload = {"msgtype": "text", "text": {"content": "提醒"}}
    for _ in range(OUTBOUND.max_per_minute):
        await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    assert caught.value.code == 45009
    assert caught.value.retryable
    assert caught.value.retry_after is not None and caught.value.retry_after >= 60


async def test_unknown_key_is_permanent(wecom: WeComServer, http: ClientSession) -> None:
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(wecom, "removed"), {"msgtype": "text"}, now_ms=0)
    assert caught.value.code == 93000
    assert not caught.value.retryable


async def test_system_busy_is_retryable_then_succeeds(
    wecom: WeComServer, http: ClientSession
) -> None:
    payload = {"msgtype": "text", "text": {"content": "提醒"}}
    wecom.fail_next(1)
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    assert caught.value.retryable and caught.value.code == -1
    await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    assert wecom.delivered() == [payload]


async def test_oversized_content_is_a_permanent_parameter_error(
    wecom: WeComServer, http: ClientSession
) -> None:
    payload = {"msgtype": "markdown", "markdown": {"content": "超" * 1400}}
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, _target(wecom), payload, now_ms=0)
    assert not caught.value.retryable


async def test_a_timeout_after_sending_is_uncertain_a_refused_connection_retryable(
    wecom: WeComServer, http: ClientSession
) -> None:
    payload = {"msgtype": "text", "text": {"content": "提醒"}}
    wecom.delay = 0.5
    timeout = ClientTimeout(total=0.05)
    async with ClientSession(timeout=timeout, trace_configs=[trace_config()]) as impatient:
        with pytest.raises(SendError) as caught:
            await OUTBOUND.send(impatient, _target(wecom), payload, now_ms=0)
    assert caught.value.uncertain
    assert not caught.value.retryable
    target = _target(wecom)
    await wecom.close()
    with pytest.raises(SendError) as caught:
        await OUTBOUND.send(http, target, payload, now_ms=0)
    assert caught.value.retryable


def test_a_chart_goes_out_as_an_image_body() -> None:

    png = b"\x89PNG\r\n\x1a\n" + b"chart-bytes" * 10
    message = OutboundMessage(text="", image_png_base64=base64.b64encode(png).decode())
    [body] = OUTBOUND.payloads(message)
    assert body["msgtype"] == "image"
    assert base64.b64decode(body["image"]["base64"]) == png
    assert body["image"]["md5"] == hashlib.md5(png, usedforsecurity=False).hexdigest()
    with_text = OUTBOUND.payloads(message.model_copy(update={"text": "各单位完成序时进度"}))
    assert [b["msgtype"] for b in with_text] == ["image", "markdown"]
