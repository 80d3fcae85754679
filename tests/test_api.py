"""The dashboard's read API (SPEC §7): field names, token, figures."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER, WAN

AUTH = {"Authorization": "Bearer secret-token-0123456789"}
PROJECT_FIELDS = {
    "code", "name", "unit", "annual_plan_yuan", "ytd_done_yuan", "schedule_plan_yuan",
    "schedule_ratio", "light", "reasons", "last_report", "open_issues",
}  # fmt: skip
REPORT_FIELDS = {
    "period", "reporter", "received_at", "period_investment_yuan", "ytd_investment_yuan",
    "progress_text", "problems_text", "plan_text",
}  # fmt: skip


async def test_token_is_required(client: TestClient) -> None:
    missing = await client.get("/api/projects")
    assert missing.status == 401
    wrong = await client.get("/api/projects", headers={"Authorization": "Bearer nope"})
    assert wrong.status == 403
    for response in (missing, wrong):
        body = await response.text()
        assert "令牌" in body and "\\u" not in body  # readable Chinese, not escapes
        assert response.content_type == "application/json"


async def test_the_bearer_scheme_is_required(client: TestClient) -> None:
    token = AUTH["Authorization"].removeprefix("Bearer ")
    for header in (token, f"Basic {token}", f"Bearer{token}", f"Token {token}", "Bearer "):
        response = await client.get("/api/projects", headers={"Authorization": header})
        assert response.status == 401, header
    lower = await client.get("/api/projects", headers={"Authorization": f"bearer {token}"})
    assert lower.status == 200


async def test_project_fields_and_figures(client: TestClient) -> None:
    await chat(
        client, OWNER, "进度 物流园\n本月完成：1200万\n累计完成：2600万\n存在问题：资金未到位"
    )
    response = await client.get("/api/projects/P001", headers=AUTH)
    assert response.status == 200
    project = await response.json()
    assert set(project) == PROJECT_FIELDS
    assert project["unit"] == "北石店镇"
    assert project["annual_plan_yuan"] == 12_000 * WAN
    assert project["ytd_done_yuan"] == 2600 * WAN
    assert project["schedule_plan_yuan"] == 3120 * WAN
    assert round(project["schedule_ratio"], 4) == round(2600 / 3120, 4)
    assert project["light"] == "yellow"
    assert any("83.3%" in reason for reason in project["reasons"])
    assert set(project["last_report"]) == REPORT_FIELDS
    assert project["last_report"]["reporter"] == "张伟"
    assert project["last_report"]["period"] == "2025-W17"
    assert project["open_issues"] == 1


async def test_unknown_project_is_404(client: TestClient) -> None:
    response = await client.get("/api/projects/NOPE", headers=AUTH)
    assert response.status == 404


async def test_list_units_and_issues(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    projects = (await (await client.get("/api/projects", headers=AUTH)).json())["projects"]
    assert [p["code"] for p in projects] == ["P001", "P002", "P003", "P004"]
    units = (await (await client.get("/api/units", headers=AUTH)).json())["units"]
    assert [u["rank"] for u in units] == list(range(1, len(units) + 1))
    assert units[0]["unit"] == "北石店镇"  # the only unit with anything done
    assert units[0]["ytd_done_yuan"] == 3500 * WAN
    issues = (await (await client.get("/api/issues", headers=AUTH)).json())["issues"]
    assert [(i["number"], i["project_code"], i["state"]) for i in issues] == [(1, "P003", "发现")]


async def test_the_list_is_narrowed_to_a_unit_and_a_light(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    every = (await (await client.get("/api/projects", headers=AUTH)).json())["projects"]
    for unit in ("北石店镇", "西街街道"):
        query = f"/api/projects?unit={unit}"
        found = (await (await client.get(query, headers=AUTH)).json())["projects"]
        assert [p["code"] for p in found] == [p["code"] for p in every if p["unit"] == unit]
        assert found, unit
    colors = {p["light"] for p in every}
    assert len(colors) > 1, colors  # the ledger shows more than one colour to pick from
    for light in ("red", "yellow", "blue"):
        query = f"/api/projects?light={light}"
        found = (await (await client.get(query, headers=AUTH)).json())["projects"]
        assert [p["code"] for p in found] == [p["code"] for p in every if p["light"] == light]
    both = await client.get("/api/projects?unit=北石店镇&light=blue", headers=AUTH)
    wanted = [p["code"] for p in every if p["unit"] == "北石店镇" and p["light"] == "blue"]
    assert [p["code"] for p in (await both.json())["projects"]] == wanted == ["P001"]


async def test_a_bad_filter_is_refused_in_readable_chinese(client: TestClient) -> None:
    for query in ("key=yes", "level=宇宙级", "tag=不存在", "unit=不存在镇", "light=purple"):
        response = await client.get(f"/api/projects?{query}", headers=AUTH)
        assert response.status == 400, query
        body = await response.text()
        assert "无效" in body or "可选" in body
        assert "\\u" not in body, body
