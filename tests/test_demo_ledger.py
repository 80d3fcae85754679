"""The demo ledger looks like 晋城市城区's 攻坚年 plan and reads back as the ledger format."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from core.settings import GroupSettings
from storage.demo.ledger import (
    DEMO_ADMIN_MOBILE,
    DEMO_GROUPS,
    DEMO_LEADER_MOBILE,
    DEMO_OWNER_MOBILE,
    DEMO_PEOPLE,
    DemoSummary,
    build_demo_workbook,
    build_next_plan_workbook,
    demo_today,
)

YEAR = 2025
TODAY = demo_today(YEAR)
MONTHS = [f"{m}月" for m in range(1, 13)]
STEPS = ["赋码", "土地预审", "可研批复", "环评批复", "用能审查", "施工许可", "开工", "入统", "竣工"]
Sheets = dict[str, list[dict[str, Any]]]


def read(path: Path) -> tuple[dict[str, list[str]], Sheets]:
    """Headers and rows (as dicts, blanks as None) of every sheet."""
    book = CalamineWorkbook.from_path(str(path))
    headers, sheets = {}, {}
    for name in book.sheet_names:
        head, *rows = book.get_sheet_by_name(name).to_python()
        headers[name] = head
        sheets[name] = [
            {h: (v if v != "" else None) for h, v in zip(head, r, strict=True)} for r in rows
        ]
    return headers, sheets


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoSummary, Path]:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    return build_demo_workbook(path, YEAR), path


@pytest.fixture(scope="module")
def sheets(built: tuple[DemoSummary, Path]) -> Sheets:
    return read(built[1])[1]


def test_headers_are_exactly_the_ledger_format(built: tuple[DemoSummary, Path]) -> None:
    headers, _ = read(built[1])
    assert list(headers) == ["项目", "人员", "节点"]
    assert headers["项目"] == [
        "项目代码", "项目名称", "简称", "责任单位", "属地", "项目类别", "行业", "项目级别",
        "总投资（万元）", "年度计划投资（万元）", *MONTHS, "计划开工日期", "计划竣工日期",
        "项目状态", "开工日期", "入统日期", "责任人", "责任人手机", "包联领导", "包联领导手机",
    ]  # fmt: skip
    assert headers["人员"] == [
        "姓名",
        "手机",
        "单位",
        "角色",
        "企业微信账号",
        "钉钉账号",
        "飞书账号",
    ]
    assert headers["节点"] == ["项目代码", "节点", "计划完成日期", "实际完成日期"]


def test_counts_match_the_district_plan(built: tuple[DemoSummary, Path], sheets: Sheets) -> None:
    projects = sheets["项目"]
    annual = [p["年度计划投资（万元）"] for p in projects]
    assert len(projects) == 145
    assert sum(a >= 5000 for a in annual) == 72
    assert sum(annual) == pytest.approx(1_052_000, rel=0.01)
    summary = built[0]
    assert (summary.project_count, summary.key_count) == (145, 72)
    assert summary.annual_plan_total_yuan == pytest.approx(sum(annual) * 10_000)
    assert {"北石店镇", "西街街道", "矿区街道", "区发改科技局", "区住建局"} <= set(summary.units)


def test_monthly_plans_add_up_and_about_half_use_the_default_curve(sheets: Sheets) -> None:
    projects = sheets["项目"]
    explicit = [p for p in projects if any(p[m] is not None for m in MONTHS)]
    for project in explicit:
        months = [project[m] for m in MONTHS]
        assert None not in months, project["项目名称"]
        assert round(sum(months), 2) == project["年度计划投资（万元）"]
    assert 0.4 <= len(explicit) / len(projects) <= 0.6


def test_amounts_are_plausible(sheets: Sheets) -> None:
    for project in sheets["项目"]:
        total, annual = project["总投资（万元）"], project["年度计划投资（万元）"]
        assert total >= annual > 0
        for value in (total, annual, *(project[m] or 0 for m in MONTHS)):
            assert round(value, 2) == value


def test_codes_look_like_real_project_codes(sheets: Sheets) -> None:
    codes = [p["项目代码"] for p in sheets["项目"]]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.fullmatch(r"20\d\d-140502-\d\d-0[123]-\d{6}", code), code


def test_project_dates_are_ordered_and_consistent_with_status(sheets: Sheets) -> None:
    for p in sheets["项目"]:
        assert p["计划开工日期"] < p["计划竣工日期"]
        started, stats = p["开工日期"], p["入统日期"]
        if started is None:
            assert p["项目状态"] == "前期" and stats is None
            continue
        assert p["项目状态"] != "前期"
        assert started <= TODAY
        assert stats is None or started <= stats <= TODAY
        if p["项目类别"] == "续建":
            assert started.year < YEAR


def test_milestones_are_ordered_and_known(sheets: Sheets) -> None:
    codes = {p["项目代码"] for p in sheets["项目"]}
    by_project: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sheets["节点"]:
        by_project[row["项目代码"]].append(row)
    assert set(by_project) == codes
    for rows in by_project.values():
        assert 2 <= len(rows) <= 5
        assert all(r["节点"] in STEPS for r in rows)
        dues = [r["计划完成日期"] for r in rows]
        assert dues == sorted(dues) and len(set(dues)) == len(dues)
        assert all(r["实际完成日期"] is None or r["实际完成日期"] <= TODAY for r in rows)


def test_the_demo_day_has_red_and_yellow_material(sheets: Sheets) -> None:
    new = [p for p in sheets["项目"] if p["项目类别"] == "新建"]
    due = [p for p in new if p["计划开工日期"] <= TODAY]
    assert any(p["开工日期"] is None for p in due), "a 新建 project past its planned start"
    assert any(p["入统日期"] is not None for p in due), "a 新建 project already 入统"
    assert any(p["计划开工日期"] > TODAY for p in new), "a 新建 project not yet due"
    months = Counter(p["计划开工日期"].month for p in new)
    assert sum(months[m] for m in range(1, 10)) == len(new)
    overdue = [r for r in sheets["节点"] if r["计划完成日期"] < TODAY and r["实际完成日期"] is None]
    done = [r for r in sheets["节点"] if r["计划完成日期"] < TODAY and r["实际完成日期"]]
    assert 0 < len(overdue) < len(done) / 4


def test_people_have_unique_mobiles_and_match_the_projects(sheets: Sheets) -> None:
    people = sheets["人员"]
    mobiles = [str(p["手机"]) for p in people]
    assert len(set(mobiles)) == len(mobiles)
    assert all(re.fullmatch(r"1[358]\d{9}", m) for m in mobiles)
    assert len({p["姓名"] for p in people}) == len(people)
    by_mobile = {str(p["手机"]): p for p in people}
    for project in sheets["项目"]:
        owner = by_mobile[str(project["责任人手机"])]
        assert owner["姓名"] == project["责任人"]
        assert "责任人" in owner["角色"].split("、")
        assert owner["单位"] == project["责任单位"]
        if project["包联领导手机"] is not None:
            leader = by_mobile[str(project["包联领导手机"])]
            assert (leader["姓名"], leader["角色"]) == (project["包联领导"], "包联领导")
    for platform in ("企业微信账号", "钉钉账号", "飞书账号"):
        accounts = [p[platform] for p in people if p[platform]]
        assert 0 < len(accounts) < len(people)
        assert len(set(accounts)) == len(accounts)
        assert all(re.fullmatch(r"[a-z_0-9]+", a) for a in accounts)


def test_owners_leaders_and_admins_are_shaped_like_the_district(sheets: Sheets) -> None:
    projects, people = sheets["项目"], sheets["人员"]
    load = Counter(str(p["责任人手机"]) for p in projects)
    assert 50 <= len(load) <= 75
    assert 2 <= sum(6 <= n <= 8 for n in load.values()) <= 5
    assert max(load.values()) <= 8
    leaders = Counter(str(p["包联领导手机"]) for p in projects if p["包联领导手机"])
    assert len(leaders) == 10 and min(leaders.values()) >= 3
    assert all(p["包联领导"] for p in projects if p["年度计划投资（万元）"] >= 5000)
    admins = [p for p in people if "管理员" in p["角色"].split("、")]
    assert len(admins) == 2 and {a["单位"] for a in admins} == {"区发改科技局"}


def test_featured_people_are_in_the_ledger_whatever_the_seed(tmp_path: Path) -> None:
    build_demo_workbook(tmp_path / "other.xlsx", YEAR, seed=7)
    _, sheets = read(tmp_path / "other.xlsx")
    people = {str(p["手机"]): p for p in sheets["人员"]}
    for contact in DEMO_PEOPLE:
        assert people[contact.mobile]["姓名"] == contact.name
    assert people[DEMO_ADMIN_MOBILE]["角色"] == "管理员"
    owned = [p["项目名称"] for p in sheets["项目"] if str(p["责任人手机"]) == DEMO_OWNER_MOBILE]
    assert len(owned) == 8 and "城区智慧物流园项目" in owned
    led = [p for p in sheets["项目"] if str(p["包联领导手机"]) == DEMO_LEADER_MOBILE]
    assert any(p["项目名称"] in owned for p in led)


def test_same_seed_same_ledger_other_seed_other_ledger(tmp_path: Path, sheets: Sheets) -> None:
    build_demo_workbook(tmp_path / "again.xlsx", YEAR)
    build_demo_workbook(tmp_path / "other.xlsx", YEAR, seed=1)
    assert read(tmp_path / "again.xlsx")[1] == sheets
    assert read(tmp_path / "other.xlsx")[1]["项目"] != sheets["项目"]


def test_demo_groups_are_valid_local_group_settings(sheets: Sheets) -> None:
    groups = [GroupSettings(platform="local", **group) for group in DEMO_GROUPS]
    roles = Counter(g.role for g in groups)
    assert roles["owners"] == roles["leaders"] == roles["office"] == 1
    # every 责任单位 (镇/街道 and 区直部门 alike) has its group: nothing assigned goes astray
    units = {p["责任单位"] for p in sheets["项目"]}
    assert {r.removeprefix("unit:") for r in roles if r.startswith("unit:")} == units
    assert {p["属地"] for p in sheets["项目"]} < units
    assert len({g.chat_id for g in groups}) == len(groups)


def test_plan_year_follows_the_argument(tmp_path: Path) -> None:
    build_demo_workbook(tmp_path / "2026.xlsx", 2026)
    _, sheets = read(tmp_path / "2026.xlsx")
    names = {p["项目名称"] for p in sheets["项目"]}
    assert "城区2026年老旧小区改造项目" in names
    new = [p for p in sheets["项目"] if p["项目类别"] == "新建"]
    assert {p["计划开工日期"].year for p in new} == {2026}
    assert demo_today(2026) == date(2026, 4, 24)


def test_next_years_plans_stay_within_each_projects_total(tmp_path: Path) -> None:
    # a plan above its project's 总投资 made the office's own export refuse to import again
    december = date(YEAR, 12, 7)
    build_demo_workbook(tmp_path / "ledger.xlsx", YEAR, today=december)
    build_next_plan_workbook(tmp_path / "next.xlsx", YEAR, december)
    totals = {r["项目代码"]: r["总投资（万元）"] for r in read(tmp_path / "ledger.xlsx")[1]["项目"]}
    plans = read(tmp_path / "next.xlsx")[1]["项目"]
    assert plans
    column = f"{YEAR + 1}年计划投资（万元）"
    assert [r["项目代码"] for r in plans if r[column] > totals[r["项目代码"]]] == []
