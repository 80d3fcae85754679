"""A ledger re-imported after Excel or WPS rewrote its codes' dashes (`2025—140502—…`, `–`,
`－`, spaced, in full-width digits) updates the projects it lists: no second project with
none of the first one's reports, its code as stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.cli.main import main
from storage.db import Database
from storage.ledger import import_ledger
from storage.models import Milestone, Project, Report
from tests.support.ledger_files import SheetSpec, clean_row, clean_workbook
from tests.support.reports import add_report

TODAY = date(2025, 4, 24)
LOGISTICS, PLANT, SEWAGE = (
    "2025-140502-44-02-011404",
    "2024-140502-48-01-016326",
    "2023-140502-59-03-011408",
)
MILESTONE_HEADER = ["项目代码", "节点", "计划完成日期", "实际完成日期"]


def _milestones(*codes: str) -> SheetSpec:
    rows = [[code, "施工许可", "2025-05-20", None] for code in codes]
    return SheetSpec("节点", [MILESTONE_HEADER, *rows])


async def _by_code(db: Database) -> dict[str, tuple[int, int, int]]:
    """Each project's code → (its 总投资 in 万元, its reports, its milestones)."""
    async with db.read() as session:
        projects = (await session.execute(select(Project))).scalars().all()
        counted = {}
        for project in projects:
            reports = select(func.count()).where(Report.project_id == project.id)
            milestones = select(func.count()).where(Milestone.project_id == project.id)
            counted[project.code] = (
                project.total_investment_yuan // 10_000,
                (await session.execute(reports)).scalar_one(),
                (await session.execute(milestones)).scalar_one(),
            )
    return counted


async def test_a_ledger_whose_dashes_excel_rewrote_updates_the_projects_it_had(
    db: Database, tmp_path: Path
) -> None:
    first = [
        clean_row(LOGISTICS, "城区智慧物流园项目"),
        clean_row(PLANT, "北石店工业园区基础设施配套工程"),
        clean_row(SEWAGE, "北石店镇污水管网提质改造工程"),
    ]
    path = clean_workbook(tmp_path / "台账.xlsx", first, (_milestones(LOGISTICS),))
    await import_ledger(db, path, today=TODAY)
    await add_report(db, LOGISTICS, None, "2025-04-21 10:00", 120)
    await add_report(db, SEWAGE, None, "2025-04-21 10:00", 80)

    # re-saved by WPS: em and en dashes; the plant typed on a phone; the 节点 sheet keeps `-`
    # for the logistics park, and writes the sewage works' new milestone with yet another dash
    em, en = LOGISTICS.replace("-", "—"), SEWAGE.replace("-", "–")
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in PLANT)
    again = [
        clean_row(em, "城区智慧物流园项目", 总投资=2000),
        clean_row(wide.replace("-", " － "), "北石店工业园区基础设施配套工程"),
        clean_row(en, "北石店镇污水管网提质改造工程"),
    ]
    nodes = _milestones(LOGISTICS, SEWAGE.replace("-", "—"))
    path = clean_workbook(tmp_path / "台账（WPS）.xlsx", again, (nodes,))
    for dry_run in (True, False):
        summary = (await import_ledger(db, path, today=TODAY, dry_run=dry_run)).summary()
        assert "项目新增 0 个、更新 1 个、未变 2 个" in summary, summary
        assert "节点新增 1 个、更新 0 个、未变 1 个" in summary
        assert (
            "2 个项目的项目代码与在册的只差连接号，已按原项目导入，代码仍用在册的写法："
            f"城区智慧物流园项目（表中写作 {em}，在册 {LOGISTICS}）、"
            f"北石店镇污水管网提质改造工程（表中写作 {en}，在册 {SEWAGE}）"
        ) in summary
        assert f"  更新 {LOGISTICS}（城区智慧物流园项目）：" in summary
        assert "在册但表中没有" not in summary and "同名" not in summary

    # the one project each, under its code as stored, with its reports and its milestone
    assert await _by_code(db) == {
        LOGISTICS: (2000, 1, 1),
        PLANT: (1000, 0, 0),
        SEWAGE: (1000, 1, 1),
    }


async def test_a_row_matching_two_projects_added_apart_is_refused(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row(LOGISTICS, "城区智慧物流园项目"), clean_row(PLANT, "城区智慧物流园")]
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", rows), today=TODAY)
    em = LOGISTICS.replace("-", "—")
    async with db.write() as session:  # a second project an import before this fix added
        await session.execute(update(Project).where(Project.code == PLANT).values(code=em))

    en = LOGISTICS.replace("-", "–")
    path = clean_workbook(tmp_path / "b.xlsx", [clean_row(en, "城区智慧物流园项目", 总投资=2000)])
    result = await import_ledger(db, path, today=TODAY)
    assert [str(e) for e in result.errors] == [
        f"项目 第2行 A列「项目代码」：项目代码“{en}”与在册的“{LOGISTICS}”（城区智慧物流园项目）、"
        f"“{em}”（城区智慧物流园）都只差连接号，分不清是哪个项目；请改成其中一个的写法后再导入"
    ]
    assert await _by_code(db) == {LOGISTICS: (1000, 0, 0), em: (1000, 0, 0)}
    # written as one of them, it is that one
    path = clean_workbook(tmp_path / "c.xlsx", [clean_row(em, "城区智慧物流园", 总投资=2000)])
    assert (await import_ledger(db, path, today=TODAY)).counts.projects_created == 0
    assert await _by_code(db) == {LOGISTICS: (1000, 0, 0), em: (2000, 0, 0)}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "office.db"
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-24 10:00")
    return path


def test_two_rows_whose_codes_differ_only_in_dashes_are_refused_naming_both(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    em = LOGISTICS.replace("-", "—")
    rows = [clean_row(LOGISTICS, "城区智慧物流园项目"), clean_row(em, "北石店工业园区标准化厂房")]
    assert main(["import", str(clean_workbook(tmp_path / "台账.xlsx", rows))]) == 1
    err = capsys.readouterr().err
    assert (
        f"项目 第3行 A列「项目代码」：项目代码“{em}”与项目 第2行“城区智慧物流园项目”的"
        f"“{LOGISTICS}”只差连接号，会被当作同一个项目；如是两个项目，请改正其中一个的代码，"
        "如是同一个项目，请删去一行"
    ) in err, err
    assert main(["export", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().out.startswith("已导出 0 个项目")
