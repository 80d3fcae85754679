"""`diaodu import` / `diaodu export` as an office runs them: exit codes and messages."""

from __future__ import annotations

import csv
import gc
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.support.ledger_files import (
    CLEAN_HEADER,
    SheetSpec,
    clean_row,
    clean_workbook,
    office_ledger,
    write_workbook,
)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "office.db"
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-24 10:00")
    return path


def test_import_office_ledger_then_export_it(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(office_ledger(tmp_path / "台账.xlsx"))]) == 0
    out = capsys.readouterr().out
    assert "项目新增 3 个" in out
    exported = tmp_path / "导出.xlsx"
    assert main(["export", str(exported)]) == 0
    assert exported.stat().st_size > 0
    assert main(["export", str(tmp_path / "月报.xlsx"), "--monthly", "2025-04"]) == 0
    assert main(["export", str(tmp_path / "x.xlsx"), "--monthly", "四月"]) == 2


def test_bad_rows_are_listed_and_nothing_is_written(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [clean_row("P1"), clean_row("P1"), clean_row("P2", **{"总投资（万元）": "-5"})]
    ledger = clean_workbook(tmp_path / "bad.xlsx", rows)
    assert main(["import", str(ledger)]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx" in err
    assert "第" in err
    assert "行" in err
    assert "-5" in err
    assert "Traceback" not in err
    assert main(["export", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().out.startswith("已导出 0 个项目")


def test_missing_or_unknown_files(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope.xlsx")]) == 1
    assert "nope.xlsx" in capsys.readouterr().err
    text = tmp_path / "台账.docx"
    text.write_text("不是表格")
    assert main(["import", str(text)]) == 1
    err = capsys.readouterr().err
    assert "台账.docx" in err
    assert "Traceback" not in err


def test_an_import_the_database_is_locked_for_says_so_in_chinese(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    assert main(["import", str(clean_workbook(tmp_path / "a.xlsx", [clean_row("P1")]))]) == 0
    monkeypatch.setenv("DIAODU_DATABASE__BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another import or a maintenance script writing
    try:
        changed = clean_workbook(tmp_path / "b.xlsx", [clean_row("P1", 年度计划投资=800)])
        assert main(["import", str(changed)]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "OperationalError" not in err
    assert "数据库正被其他程序占用" in err
    assert main(["import", str(changed)]) == 0  # run again, it lands
    assert "更新 1 个" in capsys.readouterr().out


@pytest.mark.usefixtures("new_garbage_only")
def test_an_export_that_cannot_be_written_says_why_and_only_that(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder where the file should be: the reason, then nothing — the write-only workbook
    left behind failed again once collected (`Exception ignored … closed file`)."""
    assert main(["import", str(office_ledger(tmp_path / "台账.xlsx"))]) == 0
    ignored: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    folder = tmp_path / "导出.xlsx"
    folder.mkdir()
    for args in (["export", str(folder)], ["export", str(folder), "--monthly", "2025-04"]):
        capsys.readouterr()
        assert main(args) == 1
        gc.collect()
        assert "导出.xlsx：无法写入（这是一个文件夹，请写出文件名）" in capsys.readouterr().err
    assert ignored == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_takes_no_files_is_not_called_missing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(office_ledger(tmp_path / "台账.xlsx"))]) == 0
    capsys.readouterr()
    assert main(["export", "/proc/月报.xlsx", "--monthly", "2025-04"]) == 1
    assert "月报.xlsx：无法写入（该文件夹不能新建文件）" in capsys.readouterr().err


def test_amounts_typed_in_chinese_numerals_are_read_by_their_column(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a cell of a 万元 column naming no unit is in 万元; one naming its unit is in that unit
    rows = [
        clean_row("P1", 总投资="两千万元", 年度计划投资="一千八百五十"),
        clean_row("P2", 总投资="壹仟贰佰万元", 年度计划投资="零"),
    ]
    assert main(["import", str(clean_workbook(tmp_path / "台账.xlsx", rows))]) == 0
    assert "项目新增 2 个" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "out.csv")]) == 0
    exported = list(csv.reader((tmp_path / "out.csv").read_text("utf-8-sig").splitlines()))
    header = exported[0]
    total, annual = header.index("总投资（万元）"), header.index("2025年计划投资（万元）")
    figures = {row[0]: (row[total], row[annual]) for row in exported[1:]}
    assert figures == {"P1": ("2000", "1850"), "P2": ("1200", "0")}


@pytest.mark.parametrize(
    ("cell", "said"),
    [("三十四五万", "要填确切数字"), ("一期", "不是数字"), ("两三百", "要填确切数字")],
)
def test_an_estimate_or_a_word_in_an_amount_cell_is_refused_by_row_and_column(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, said: str
) -> None:
    rows = [clean_row("P1"), clean_row("P2", 总投资=cell)]
    assert main(["import", str(clean_workbook(tmp_path / "台账.xlsx", rows))]) == 1
    err = capsys.readouterr().err
    assert "第3行" in err and "总投资" in err and f"“{cell}”" in err and said in err, err


STARTED_HEADER = [*CLEAN_HEADER, "项目状态", "开工日期", "入统日期"]  # L, M, N


def _started(code: str, started: object, entered: object = "") -> list[object]:
    return [*clean_row(code, f"项目{code}", 项目类别="新建"), "已开工", started, entered]


def _exported(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Code → (开工日期, 入统日期) of the stored projects, as `diaodu export` writes them."""
    assert main(["export", str(tmp_path / "out.csv")]) == 0
    lines = list(csv.reader((tmp_path / "out.csv").read_text("utf-8-sig").splitlines()))
    started, entered = lines[0].index("开工日期"), lines[0].index("入统日期")
    return {line[0]: (line[started], line[entered]) for line in lines[1:]}


@pytest.mark.parametrize("cell", ["2025-05-20", date(2025, 5, 20)], ids=["text", "excel-date"])
def test_a_start_date_still_to_come_is_refused_and_skipping_keeps_the_other_rows(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: object
) -> None:
    # the clock says 2025-04-24: a planned date typed into the actual 开工日期 column
    rows = [STARTED_HEADER, _started("P1", "2025-04-01"), _started("P2", cell)]
    ledger = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    assert main(["import", str(ledger)]) == 1
    err = capsys.readouterr().err
    assert (
        "台账.xlsx: 项目 第3行 M列「开工日期」：2025-05-20 还没到：已开工请填实际日期，"
        "尚未开工请留空（计划日期请填在“计划开工日期”列）"
    ) in err, err
    assert _exported(tmp_path) == {}

    assert main(["import", str(ledger), "--skip-bad-rows"]) == 1
    assert "项目新增 1 个" in capsys.readouterr().out
    assert _exported(tmp_path) == {"P1": ("2025-04-01", "")}


@pytest.mark.parametrize(
    ("started", "entered", "said"),
    [
        (
            "2025-03-10",
            "2025-05-06",
            "N列「入统日期」：2025-05-06 还没到：已入统请填实际日期，尚未入统请留空",
        ),
        ("2025-03-10", "2025年5月", "N列「入统日期」：“2025年5月” 还没到：已入统请填实际日期"),
        (
            "2025-03-10",
            "2025-02-28",
            "N列「入统日期」：入统日期 2025-02-28 早于开工日期 2025-03-10",
        ),
        ("2025年6月", "", "M列「开工日期」：“2025年6月” 还没到：已开工请填实际日期"),
    ],
    ids=["entered-ahead", "month-ahead", "entered-before-start", "start-month-ahead"],
)
def test_an_entry_into_the_statistics_that_cannot_be_true_is_refused(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    started: str,
    entered: str,
    said: str,
) -> None:
    rows = [STARTED_HEADER, _started("P1", started, entered)]
    ledger = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    assert main(["import", str(ledger)]) == 1
    assert f"项目 第2行 {said}" in capsys.readouterr().err
    assert _exported(tmp_path) == {}


def test_this_month_written_alone_stands_for_its_first_day_and_past_dates_are_kept(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 入统 counted by month: April written alone in April has happened, its end still to come;
    # read as its first day (not today's), the same file imported again the next day is
    # unchanged
    rows = [
        STARTED_HEADER,
        _started("P1", "2025-04-10", "2025年4月"),
        _started("P2", "2025-04-24", "2025-04-24"),
        _started("P3", "2024年11月", "2025-01-05"),
    ]
    ledger = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    assert main(["import", str(ledger)]) == 0, capsys.readouterr().err
    assert _exported(tmp_path) == {
        "P1": ("2025-04-10", "2025-04-01"),
        "P2": ("2025-04-24", "2025-04-24"),
        "P3": ("2024-11-30", "2025-01-05"),
    }
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-25 10:00")
    assert main(["import", str(ledger)]) == 0
    assert "入统日期" not in capsys.readouterr().out  # nothing changed, nothing said changed
