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
