"""A report with its figures said in Chinese numerals, as voice input writes them, is stored
with the figure the digits would give, and the reply shows it in digits."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.reports import current_reports
from tests.support.seed import OWNER


@pytest.mark.parametrize(
    ("said", "shown", "stored"),
    [
        (
            "进度 物流园\n本年累计完成：一千八百五十万\n形象进度：一期三层封顶",
            "本年累计完成：1850万元\n形象进度：一期三层封顶",
            (None, 1850, "一期三层封顶"),
        ),
        (  # on one line, glued, as said aloud
            "物流园本月完成三百万累计完成两千万元形象进度二标段一千米管道完成",
            "本月完成：300万元\n本年累计完成：2000万元\n形象进度：二标段一千米管道完成",
            (300, 2000, "二标段一千米管道完成"),
        ),
    ],
)
async def test_a_report_in_chinese_numerals_is_stored_with_its_figure(
    client: TestClient, said: str, shown: str, stored: tuple[int | None, int, str]
) -> None:
    # was “金额“一千八百五十万”请用阿拉伯数字”, and the glued one “没看懂”: nothing stored
    reply = await chat(client, OWNER, said)
    assert "已收到“城区智慧物流园”" in reply and shown in reply, reply
    assert await current_reports(client) == {"P001": stored}


async def test_zero_and_a_digit_after_the_last_unit_are_stored_as_said(
    client: TestClient,
) -> None:
    # `零` was “没有写单位”, `一亿二` (一亿二千万) “没有写单位”: nothing stored
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：零\n本年累计完成：一亿二")
    assert "已收到“城区智慧物流园”" in reply and "本年累计完成：1.2亿元" in reply, reply
    assert (await current_reports(client))["P001"][:2] == (0, 12000)


@pytest.mark.parametrize("estimate", ["三十四五万", "两三百万", "一千多万"])
async def test_an_estimate_in_words_is_refused_as_one(client: TestClient, estimate: str) -> None:
    # `三十四五万` and `两三百万` were “无法识别”: the owner was not told to give an exact figure
    reply = await chat(client, OWNER, f"进度 物流园\n本年累计完成：{estimate}")
    assert "未记录" in reply and f"金额“{estimate}”要填确切数字" in reply, reply
    assert await current_reports(client) == {}
