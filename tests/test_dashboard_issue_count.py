"""The issues page's count: all states listed, it says how many are still open (未销号), the
figure /问题清单 and the overview give, so a leader comparing them sees the same number."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.dashboard import OFFICE
from tests.support.seed import ADMIN


async def test_the_count_of_all_issues_says_how_many_are_open(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    await chat(client, ADMIN, "/问题 物流园 用地手续未批")
    await chat(client, ADMIN, "/问题 物流园 资金未到位")
    assert "已销号" in await chat(client, ADMIN, "/销号 #1 已协调解决", chat_id="office")
    assert "未销号问题（2 个" in await chat(client, ADMIN, "/问题清单", chat_id="office")
    page = await (await client.get("/dashboard/issues", headers=OFFICE)).text()
    assert "共 3 个问题（未销号 2 个），逾期 0 个" in page
    # one state chosen: the count is of that state alone, nothing to set apart
    page = await (await client.get("/dashboard/issues?state=发现", headers=OFFICE)).text()
    assert "共 2 个问题，逾期 0 个" in page
