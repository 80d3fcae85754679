"""A month filed late counts for its own month: every figure shows the latest month's."""

from __future__ import annotations

from io import BytesIO

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from tests.support.chat import chat
from tests.support.dashboard import OFFICE
from tests.support.seed import ADMIN, OWNER, WAN

# 物流园's 序时 on 24 April by hand: 12000万 × 18% by March's end, plus 24/30 of April's 10%
PLAN_WAN = 12_000 * 18 // 100 + 12_000 * 10 // 100 * 24 // 30


async def _xlsx(client: TestClient, path: str) -> list[list[object]]:
    response = await client.get(path, headers=OFFICE)
    assert response.status == 200, await response.text()
    sheet = load_workbook(BytesIO(await response.read())).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_a_back_filled_month_does_not_replace_the_latest_figure(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：4100万")
    back = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：3800万")
    assert "3月" in back and "3800万" in back, back
    api = await (await client.get("/api/projects", headers=OFFICE)).json()
    listed = next(p for p in api["projects"] if p["code"] == "P001")
    one = await (await client.get("/api/projects/P001", headers=OFFICE)).json()
    for project in (listed, one):
        assert project["ytd_done_yuan"] == 4100 * WAN
        assert project["schedule_plan_yuan"] == PLAN_WAN * WAN
        assert round(project["schedule_ratio"], 4) == round(4100 / PLAN_WAN, 4)
        assert project["last_report"]["period"] == "2025-W17"  # not March's last week
        assert project["last_report"]["ytd_investment_yuan"] == 4100 * WAN
    units = (await (await client.get("/api/units", headers=OFFICE)).json())["units"]
    town = next(u for u in units if u["unit"] == "北石店镇")
    assert town["ytd_done_yuan"] == 4100 * WAN  # the town's only report
    page = await _xlsx(client, "/dashboard/units?format=xlsx")
    assert next(row for row in page[1:] if row[1] == "北石店镇")[4] == 4100
    rows = await _xlsx(client, "/dashboard/projects?format=xlsx")
    assert next(row for row in rows[1:] if row[0] == "P001")[8] == 4100
    ranking = await chat(client, OWNER, "/排名")
    assert f"{town['rank']}. 北石店镇：" in ranking
    assert "累计 4100万元" in ranking, ranking
    card = await chat(client, OWNER, "/项目 物流园")
    assert "本年累计完成 4100万元" in card, card
    assert f"完成序时 {4100 / PLAN_WAN:.1%}" in card


async def test_a_month_named_in_the_key_is_filed_for_that_month(client: TestClient) -> None:
    # how offices write a month-end figure: the month in the key, not on a line of its own
    await chat(client, OWNER, "进度 物流园\n累计完成：4100万")
    back = await chat(client, OWNER, "进度 物流园\n截至3月底累计完成：3800万")
    assert "计入 2025年3月" in back, back
    one = await (await client.get("/api/projects/P001", headers=OFFICE)).json()
    assert one["ytd_done_yuan"] == 4100 * WAN  # April's figure still the latest
    keyed = await chat(client, OWNER, "进度 物流园\n5月累计完成：4300万")
    lined = await chat(client, OWNER, "进度 物流园\n月份：5月\n累计完成：4300万")
    assert keyed == lined and "未记录" in keyed  # read as 月份：5月 is (last year's May)


async def test_a_month_before_last_month_is_closed_to_owners(client: TestClient) -> None:
    # 24 April: March may still be filed or corrected, February's 月报表 and 晾晒 are out
    refused = await chat(client, OWNER, "进度 物流园\n月份：2月\n累计完成：1000万")
    assert "2025年2月已关账：只能补报或更正上月和本月的数字" in refused
    assert "请联系专班办公室" in refused and "✅" not in refused
    keyed = await chat(client, OWNER, "进度 物流园\n2月累计完成：1000万")
    assert "已关账" in keyed
    march = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：2000万")
    assert "✅" in march and "计入 2025年3月" in march
    office = await chat(client, ADMIN, "进度 物流园\n月份：2月\n累计完成：1000万")
    assert "✅" in office and "计入 2025年2月" in office  # the office may still correct it
