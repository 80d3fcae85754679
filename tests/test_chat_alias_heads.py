"""A project named by the head of its short name (泽辰 for 泽辰碳材料) after a `；`, with its
figure: that project's report, never the text of the project reported before it."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Project, Report
from tests.support.chat import chat
from tests.support.seed import OWNER, WAN, add_project

CARBON = "晋城泽辰新材料有限公司年产2万吨高性能碳材料项目"


async def _by_code(client: TestClient) -> dict[str, Report]:
    async with client.app[DB].read() as session:
        rows = await session.execute(
            select(Project.code, Report).join(Project, Project.id == Report.project_id)
        )
        return {code: report for code, report in rows.all()}


async def test_an_alias_head_after_a_semicolon_reports_that_project(client: TestClient) -> None:
    # `泽辰累计50万` was stored as 物流园's 形象进度, and 泽辰's figure was lost unsaid
    db = client.app[DB]
    await add_project(db, "P005", CARBON, beside="P001", alias="泽辰碳材料", owner=OWNER)
    reply = await chat(client, OWNER, "物流园累计3500万；泽辰累计50万")
    assert f"【2/2】✅ 已收到“{CARBON}”" in reply, reply
    reports = await _by_code(client)
    assert reports["P001"].ytd_investment_yuan == 3500 * WAN
    assert "泽辰" not in (reports["P001"].progress_text or "")
    assert reports["P005"].ytd_investment_yuan == 50 * WAN


async def test_a_head_two_projects_share_names_neither(client: TestClient) -> None:
    # `北石`: the head of two aliases; read as neither, the words stay the report's own
    db = client.app[DB]
    await add_project(db, "P005", "北石店冷链仓储", beside="P001", alias="北石冷链", owner=OWNER)
    await add_project(db, "P006", "北石店供热管网", beside="P001", alias="北石供热", owner=OWNER)
    await chat(client, OWNER, "物流园累计3500万；北石累计50万")
    reports = await _by_code(client)
    assert set(reports) == {"P001"} and reports["P001"].ytd_investment_yuan == 3500 * WAN


VILLAGE = "北石店镇东武匠村人居环境整治项目"


@pytest.mark.parametrize(
    "text",
    [
        "东武匠 累计2070万；泽辰 累计50万",
        "东武匠：累计2070万；泽辰：累计50万",
        "东武匠 累计2070万； 泽辰 累计50万",
        "进度 东武匠 累计2070万；泽辰 累计50万",
        f"{VILLAGE} 累计2070万；泽辰 累计50万",
        "东武匠人居环境 累计2070万；泽辰碳材料 累计50万",
    ],
)
async def test_a_space_between_a_short_name_and_its_figure_reads_as_glued(
    client: TestClient, text: str
) -> None:
    # `泽辰 累计50万` was refused as 累计 given twice (2070万 and 50万), where `泽辰累计50万`
    # was 泽辰's report; `泽辰：累计50万` was 东武匠's 形象进度, its figure lost
    db = client.app[DB]
    await add_project(db, "P005", CARBON, beside="P001", alias="泽辰碳材料", owner=OWNER)
    await add_project(db, "P006", VILLAGE, beside="P001", alias="东武匠人居环境", owner=OWNER)
    reply = await chat(client, OWNER, text)
    assert f"【1/2】✅ 已收到“{VILLAGE}”" in reply, reply
    assert f"【2/2】✅ 已收到“{CARBON}”" in reply, reply
    reports = await _by_code(client)
    assert reports["P006"].ytd_investment_yuan == 2070 * WAN
    assert reports["P006"].progress_text is None
    assert reports["P005"].ytd_investment_yuan == 50 * WAN


@pytest.mark.parametrize(
    "text",
    [
        "东武匠 累计2070万；主体 累计50万",  # no project of the sender's is 主体
        "东武匠 累计2070万；北石 累计50万",  # the head of two of them: neither
        "进度 东武匠 累计2070万 累计2080万",  # a figure given twice, plainly
    ],
)
async def test_a_spaced_clause_naming_none_of_the_senders_projects_is_still_refused(
    client: TestClient, text: str
) -> None:
    db = client.app[DB]
    await add_project(db, "P006", VILLAGE, beside="P001", alias="东武匠人居环境", owner=OWNER)
    await add_project(db, "P007", "北石店冷链仓储", beside="P001", alias="北石冷链", owner=OWNER)
    await add_project(db, "P008", "北石店供热管网", beside="P001", alias="北石供热", owner=OWNER)
    reply = await chat(client, OWNER, text)
    assert "❌ “东武匠”的进度未记录" in reply and "“累计”填了两次" in reply, reply
    assert await _by_code(client) == {}
