"""开复工 against the office's lines (SPEC §9) on the 2026 targets ledger, figures by hand.

On 2026-04-15: 新建 T2, T3, T5, T7 — started T2, T7 (2/4); T3 planned 4-1 and not started is
应开未开, T5 planned 6-1 is not due yet. 续建 T1, T4, T6 — resumed T1 (reported 2026), T6 (复工
declared 2-20) (2/3); T4 is 应复未复. 开复工率 4/7 = 57.1%. The Q1 line 40% of 4 asks 2 (met);
the H1 line 80% of 4 asks 4, 2 short. 续建 100% by 3-31: 1 short.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select, update

from bot.app import create_app
from bot.keys import DB
from core.settings import ConfigError, load_settings
from domain.targets import due_and_next
from storage.models import Project, ProjectPlan
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.plans import plan_of
from tests.support.targets_ledger import (
    ADMIN,
    LEADER_QIAN,
    OWNER_EAST,
    OWNER_STREET,
    PROJECTS,
    build_targets_ledger,
)

AUTH = {"Authorization": "Bearer secret-token-0123456789"}


@pytest.fixture
async def targets_client(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> AsyncIterator[TestClient]:
    """The app over the targets ledger on 2026-04-15."""
    app = create_app(app_settings(tmp_path, now="2026-04-15 10:00"))
    client = await aiohttp_client(app)
    await build_targets_ledger(app[DB])
    yield client


def test_the_line_due_and_the_next() -> None:
    due, ahead = due_and_next(date(2026, 4, 15), [40, 80, 100, 100])
    assert (due.name, due.percent, ahead.name, ahead.percent) == ("一季度", 40, "上半年", 80)
    due, ahead = due_and_next(date(2026, 3, 31), [18, 50, 80, 100])
    assert due is None and ahead.name == "一季度"  # the quarter's last day still counts
    assert ahead.amount(1000) == 180
    assert (
        ahead.count(5) == 1 and due_and_next(date(2026, 4, 1), [40, 80, 100, 100])[0].count(5) == 2
    )


async def test_starts_for_the_office(targets_client: TestClient) -> None:
    text = await chat(targets_client, ADMIN, "/开工")

    assert "开复工率 57.1%（新建开工 2/4，续建复工 2/3）" in text
    assert "一季度末新建开工目标 40%，已达" in text
    assert "距上半年 80% 目标还差 2 个" in text
    assert "续建 3月31日前复工目标 100%，应复未复 1 个" in text
    assert "北石店镇 66.7%（新建 1/2，续建 1/1）" in text
    assert "西街街道 0%（新建 0/1，续建 0/1）" in text
    # the units furthest behind first: a list cut short still names them
    assert text.index("西街街道 0%") < text.index("北石店镇 66.7%") < text.index("东街街道 100%")
    assert "**应开未开 1 个**：污水管网改造（北石店镇，计划4月1日）" in text
    assert "**应复未复 1 个**：老旧小区改造（西街街道）" in text
    assert "学校扩建" not in text  # planned for June


async def test_a_unit_member_sees_their_unit(targets_client: TestClient) -> None:
    text = await chat(targets_client, OWNER_STREET, "/开工")

    assert "西街街道" in text
    assert "开复工率 0%（新建开工 0/1，续建复工 0/1）" in text
    assert "一季度末新建开工目标 40%，还差 1 个" in text
    assert "距上半年 80% 目标还差 1 个" in text
    assert "北石店镇" not in text


async def test_api_starts(targets_client: TestClient) -> None:
    response = await targets_client.get("/api/starts", headers=AUTH)
    assert response.status == 200
    body = await response.json()

    overall = body["overall"]
    assert (overall["new"], overall["new_started"], overall["continuing"], overall["resumed"]) == (
        4,
        2,
        3,
        2,
    )
    assert overall["rate"] == pytest.approx(4 / 7)
    assert overall["target_due"] == {
        "name": "一季度", "end": "2026-03-31", "percent": 40,
        "wanted": 2, "have": 2, "short": 0, "met": True,
    }  # fmt: skip
    assert overall["target_next"]["short"] == 2
    assert overall["resume_target"]["short"] == 1
    assert [f["code"] for f in overall["overdue_starts"]] == ["T3"]
    assert [f["code"] for f in overall["not_resumed"]] == ["T4"]
    by_unit = {u["unit"]: u for u in body["units"]}
    assert by_unit["东街街道"]["rate"] == 1.0
    assert (await targets_client.get("/api/starts")).status == 401
    assert LEADER_QIAN


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"new_start_by_quarter": [40, 30, 100, 100]}, "逐季不减"),
        ({"investment_by_quarter": [18, 50, 80, 120]}, "0 到 100"),
        ({"new_start_by_quarter": [40, 80, 100]}, "4 个数"),
        ({"key_share": 130}, "key_share"),
        ({"resume_by": "02-30"}, "不存在"),
        ({"race": {"investment": 50, "starts": 30, "stats": 15, "issues": 15}}, "权重之和须为 100"),
    ],
)
def test_targets_that_make_no_sense_are_refused(values: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, targets=values)
    assert words in str(caught.value)


async def test_completions_are_listed_backwards_from_their_dates(
    targets_client: TestClient,
) -> None:
    """Planned 竣工 this year: T7 3-31 (passed, not declared), T6 5-10, T5 12-20."""
    text = await chat(targets_client, ADMIN, "/竣工")

    assert "计划竣工 3 个，已竣工 0 个；到期应竣工 1 个，逾期未竣工 1 个。" in text
    assert "1. 商业街改造（东街街道）计划 3月31日，已逾期 15 天" in text
    assert "2. 体育馆（东街街道）计划 5月10日，还剩 25 天" in text
    assert "3. 学校扩建（西街街道）计划 12月20日，还剩 249 天" in text
    card = await chat(targets_client, ADMIN, "/项目 体育馆")
    assert "计划 5月10日 竣工\n" in card
    assert "计划 5月10日 竣工，还剩 25 天，请倒排工期" in card
    late = await chat(targets_client, ADMIN, "/项目 T7")
    assert "计划 3月31日 竣工，已逾期 15 天仍未竣工" in late
    answer = await chat(targets_client, OWNER_EAST, "进度 体育馆\n累计完成：500万\n竣工：是")
    assert "竣工" in answer
    card = await chat(targets_client, ADMIN, "/项目 体育馆")
    assert "已于 4月15日 竣工" in card
    assert "请倒排工期" not in card


async def test_a_completion_late_from_last_year_stays_listed_until_declared(
    targets_client: TestClient,
) -> None:
    """商业街改造 (T7) was to finish 2025-11-16 and has not; 体育馆 (T6) was to finish 2025-10-01
    and did: this year's list keeps the first, overdue, and not the second."""
    async with targets_client.app[DB].write() as session:
        ids = dict((await session.execute(select(Project.code, Project.id))).all())
        for code, planned in (("T7", date(2025, 11, 16)), ("T6", date(2025, 10, 1))):
            await session.execute(
                update(ProjectPlan)
                .where(ProjectPlan.project_id == ids[code])
                .values(planned_completion=planned)
            )
        await session.execute(
            update(Project).where(Project.code == "T6").values(completed_on=date(2025, 9, 28))
        )
    text = await chat(targets_client, ADMIN, "/竣工")

    assert "计划竣工 2 个，已竣工 0 个；到期应竣工 1 个，逾期未竣工 1 个。" in text
    assert "1. 商业街改造（东街街道）计划 2025年11月16日，已逾期 150 天" in text
    assert "体育馆" not in text
    late = await chat(targets_client, ADMIN, "/项目 T7")
    assert "计划 2025年11月16日 竣工，已逾期 150 天仍未竣工" in late
    async with targets_client.app[DB].write() as session:  # it finishes this spring
        await session.execute(
            update(Project).where(Project.code == "T7").values(completed_on=date(2026, 4, 10))
        )
    text = await chat(targets_client, ADMIN, "/竣工")
    assert "计划竣工 2 个，已竣工 1 个；到期应竣工 1 个。" in text


async def test_key_projects_with_subtotals_target_and_share(targets_client: TestClient) -> None:
    """Key (年度计划 ≥ 5000万): T1 12000 (市重点, 3500 done), T2 8000 (区县重点, 900), T5 6000
    (省重点, 0): 26000 of 32500 planned, 4400 of all 4800 done; 城区's target 93亿."""
    text = await chat(targets_client, ADMIN, "/重点")

    assert "3 个，年度计划 2.6亿元（占全部 80%），累计完成 4400万元" in text
    assert "占全部完成投资 91.7%" in text
    assert "全年目标 93亿元" in text
    assert "市重点 1 个：计划 1.2亿元，完成 3500万元（29.2%）" in text
    assert "省重点 1 个：计划 6000万元，完成 0万元（0%）" in text
    assert "污水管网改造" not in text  # 1000万: not key
    assert "⚪" not in text  # nothing on record yet: judged now
    only = await chat(targets_client, ADMIN, "/重点 省重点")
    assert "学校扩建" in only and "城区智慧物流园" not in only
    assert "全年目标" not in only and "占比目标" not in only  # the whole list's, not a level's
    assert "省重点 1 个：" not in only  # one level: its subtotal is the first line again
    assert await chat(targets_client, ADMIN, "/重点 省级") == only  # as people say it
    county = await chat(targets_client, ADMIN, "/重点 区级重点项目")  # any level word + 项目
    assert "，区县重点）" in county and "不是项目级别" not in county


async def test_api_filters_key_projects_and_levels(targets_client: TestClient) -> None:
    async def codes(query: str) -> list[str]:
        response = await targets_client.get(f"/api/projects?{query}", headers=AUTH)
        assert response.status == 200
        return [p["code"] for p in (await response.json())["projects"]]

    assert await codes("key=1") == ["T1", "T2", "T5"]
    assert await codes("key=0") == ["T3", "T4", "T6", "T7"]
    assert await codes("key=1&level=省重点") == ["T5"]
    assert await codes("level=区重点") == ["T2"]  # the ledger's word for 区县重点
    for bad in ("key=yes", "level=国重点"):
        response = await targets_client.get(f"/api/projects?{bad}", headers=AUTH)
        assert response.status == 400
        assert "无效" in (await response.json())["error"]


async def test_key_projects_by_tag(targets_client: TestClient) -> None:
    assert "城区智慧物流园" in await chat(targets_client, ADMIN, "/重点 20大重点项目")
    only = await chat(targets_client, ADMIN, "/重点 1355")
    assert "学校扩建" in only and "城区智慧物流园" not in only
    wrong = await chat(targets_client, ADMIN, "/重点 国重点")
    assert "“国重点”不是项目级别，也不是已有的重点类别" in wrong
    assert "20大重点项目、1355" in wrong
    response = await targets_client.get("/api/projects?tag=1355", headers=AUTH)
    assert [p["code"] for p in (await response.json())["projects"]] == ["T5"]
    unknown = await targets_client.get("/api/projects?tag=100强", headers=AUTH)
    assert unknown.status == 400
    assert "不是已有的重点类别" in (await unknown.json())["error"]


async def test_last_years_starts_do_not_meet_the_new_years_first_quarter_line(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # The ledger carried into 2027, its 2027 plans loaded: the 新建 projects that started in
    # 2026 still say 新建.
    app = create_app(app_settings(tmp_path, now="2027-01-05 10:00"))
    client = await aiohttp_client(app)
    ids = await build_targets_ledger(app[DB])
    async with app[DB].write() as session:
        for code, _, _, _, annual, *_ in PROJECTS:
            project = await session.get(Project, ids[code])
            assert project is not None
            session.add(plan_of(project, 2027, annual * 10_000))
    waiting = [p[0] for p in PROJECTS if p[3] == "新建" and p[8] is None]
    carried = [p[0] for p in PROJECTS if p[3] == "新建" and p[8] is not None]
    assert waiting and carried

    body = await (await client.get("/api/starts", headers=AUTH)).json()
    overall = body["overall"]
    assert (overall["new"], overall["new_started"]) == (len(waiting), 0)
    assert overall["continuing"] == len(PROJECTS) - len(waiting)
    assert overall["target_next"]["name"] == "一季度"
    assert overall["target_next"]["met"] is False
    text = await chat(client, ADMIN, "/开工")
    assert f"新建开工 0/{len(waiting)}" in text
    assert "已达" not in text


async def test_before_the_resumption_line_a_continuing_project_is_not_yet_overdue(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2026-03-10 10:00"))  # the line is 3月31日
    client = await aiohttp_client(app)
    await build_targets_ledger(app[DB])
    text = await chat(client, ADMIN, "/开工")
    assert "**尚未复工 1 个**：老旧小区改造（西街街道）" in text
    assert "应复未复" not in text


async def test_a_unit_with_one_kind_of_project_is_told_that_kind_only(
    targets_client: TestClient,
) -> None:
    async with targets_client.app[DB].write() as session:  # 东街街道's 商业街改造 leaves
        await session.execute(update(Project).where(Project.code == "T7").values(active=False))
    text = await chat(targets_client, ADMIN, "/开工")
    assert "东街街道 100%（续建 1/1）" in text  # not “新建 0/0，续建 1/1”


async def test_after_the_third_quarter_the_years_line_is_said_once(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 前三季度末 and 全年 are both 100%: “还差 2 个” once, not twice
    app = create_app(app_settings(tmp_path, now="2026-11-16 10:00"))
    client = await aiohttp_client(app)
    await build_targets_ledger(app[DB])
    text = await chat(client, ADMIN, "/开工")
    assert "前三季度末新建开工目标 100%，还差" in text
    assert "距全年" not in text
