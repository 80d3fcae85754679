"""`diaodu calendar import|show` and `check-config` as an office runs them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import main
from domain.live_calendar import LiveCalendar

NOTICES = Path(__file__).parent / "data" / "notices"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office folder with a config file; the holidays file goes beside it by default."""
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "x.db"}"\n')
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-11-28 10:00")
    return config


def test_import_prints_every_range_and_writes_beside_the_config(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = NOTICES / "2027-test.txt"
    assert main(["--config", str(office), "calendar", "import", str(notice)]) == 0
    out = capsys.readouterr().out
    assert "春节：2027年2月5日（周五）至2027年2月12日（周五），共8天" in out
    assert "2027年4月25日（周日）（劳动节）" in out  # every 调休 working day
    written = office.parent / "holidays.toml"
    assert str(written) in out
    assert main(["--config", str(office), "calendar", "show", "2027"]) == 0
    shown = capsys.readouterr().out
    assert "来源：节假日文件" in shown and "国务院办公厅关于2027年部分节假日安排的通知" in shown
    assert "国庆节：2027年10月1日（周五）至2027年10月7日（周四），共7天" in shown
    assert "2027年10月9日（周六） 国庆节调休上班" in shown


def test_import_keeps_other_years_and_replaces_its_own(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = office.parent / "holidays.toml"
    written.write_text('# 办公室手写\n[2030]\nholidays = ["2030-03-01"]\n', encoding="utf-8")
    for _ in range(2):
        assert main(["--config", str(office), "calendar", "import", str(NOTICES / "2026.txt")]) == 0
    out = capsys.readouterr().out
    assert "替换了原有的数据" in out and "与 chinesecalendar 软件包的数据一致" in out
    text = written.read_text(encoding="utf-8")
    assert "# 办公室手写" in text and '"2030-03-01"' in text
    assert text.count("[2026]") == 1


def test_a_bad_notice_changes_nothing(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = office.parent / "holidays.toml"
    main(["--config", str(office), "calendar", "import", str(NOTICES / "2027-test.txt")])
    before = written.read_bytes()
    bad = tmp_path / "通知.txt"
    good = (NOTICES / "2027-test.txt").read_text(encoding="utf-8")
    bad.write_text(good.replace("4月25日（周日）", "4月26日（周一）"), encoding="gbk")
    capsys.readouterr()
    assert main(["--config", str(office), "calendar", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert (
        "第14行：调休上班日2027年4月26日是周一" in err
        and "应是周六或周日" in err
        and "节假日文件未改动" in err
    )
    assert "Traceback" not in err
    assert written.read_bytes() == before


def test_a_notice_that_cannot_be_read_is_said_in_chinese(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for given, why in (("nosuch.txt", "文件不存在"), (".", "这是一个文件夹，不是文件")):
        assert main(["--config", str(office), "calendar", "import", given]) == 1
        assert capsys.readouterr().err.strip() == f"无法读取 {given}：{why}"


def test_show_says_when_a_year_is_only_the_statutory_guess(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(office), "calendar", "show", "2028"]) == 0
    out = capsys.readouterr().out
    assert "来源：法定节假日推算" in out and "调休上班：无" in out
    assert "春节：2028年1月25日（周二）至2028年1月28日（周五），共4天" in out
    assert main(["--config", str(office), "calendar", "show", "2025"]) == 0
    assert "来源：chinesecalendar 软件包" in capsys.readouterr().out
    assert main(["--config", str(office), "calendar", "show", "明年"]) == 2
    assert "四位数字" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("now", "warned"),
    [
        ("2026-11-28 10:00", []),
        ("2026-12-01 10:00", ["2027"]),
        ("2027-01-12 10:00", ["2027"]),
        ("2027-12-02 10:00", ["2027", "2028"]),
    ],
)
def test_check_config_warns_while_a_year_is_missing(
    office: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    now: str,
    warned: list[str],
) -> None:
    monkeypatch.setenv("DIAODU_CLOCK__NOW", now)
    assert main(["--config", str(office), "check-config"]) == 0
    out = capsys.readouterr().out
    calendar = [line for line in out.splitlines() if "放假调休" in line]
    assert [line.split(" 年")[0].removeprefix("提醒：") for line in calendar] == warned
    main(["--config", str(office), "calendar", "import", str(NOTICES / "2027-test.txt")])
    capsys.readouterr()
    assert main(["--config", str(office), "check-config"]) == 0
    assert "2027 年" not in capsys.readouterr().out


def test_a_running_calendar_rereads_the_file_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    live = LiveCalendar(path)
    first = live.current
    assert not live.refresh()
    assert live.current.is_workday(date(2027, 2, 11))  # statutory guess: 春节 ends on the 10th
    path.write_text('[2027]\nholidays = ["2027-02-05..2027-02-12"]\n', encoding="utf-8")
    assert live.refresh()
    assert live.current is not first and not live.current.is_workday(date(2027, 2, 11))
    path.write_text("[2027\n", encoding="utf-8")  # a broken save keeps the last good data
    os.utime(path, ns=(1, 1))
    assert not live.refresh()
    assert not live.current.is_workday(date(2027, 2, 11))


def test_a_holidays_file_that_cannot_be_written_is_said_with_the_fix(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # as root the test cannot make a folder unwritable; a file where the folder should be
    # fails the same way for the command (an OSError writing the file)
    blocker = office.parent / "etc"
    blocker.write_text("")
    monkeypatch.setenv("DIAODU_CALENDAR__HOLIDAYS_FILE", str(blocker / "holidays.toml"))
    notice = NOTICES / "2027-test.txt"

    assert main(["--config", str(office), "calendar", "import", str(notice)]) != 0

    err = capsys.readouterr().err
    assert "无法写入节假日文件" in err and "holidays_file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("saved", "why"),
    [
        (  # typed with a Chinese input method: the config file's own wording for it
            '[2030]\nholidays ＝ ["2030-03-01"]\n'.encode(),
            "第 2 行第 10 列：键名后面缺少等号“=”（应写成 键名 = 值）"
            "；这一行有中文全角符号 ＝，请改用英文半角符号",
        ),
        (b"[2030\n", "第 1 行第 6 列：表名缺少结束的方括号“]”"),
        (
            b"[2030]\nholidays = []\n[2030]\n",
            "第 3 行第 6 列：表 [2030] 写了两次（要写多项请用两层方括号，如 [[2030]]）",
        ),
        (  # saved by Notepad in GBK
            '# 办公室手写\n[2030]\nholidays = ["2030-03-01"]\n'.encode("gbk"),
            "第 1 行有不是 UTF-8 编码的字符（请用记事本等把文件另存为 UTF-8 编码）",
        ),
    ],
)
def test_a_holidays_file_broken_by_hand_is_said_in_chinese_and_left(
    office: Path, capsys: pytest.CaptureFixture[str], saved: bytes, why: str
) -> None:
    written = office.parent / "holidays.toml"
    written.write_bytes(saved)
    notice = NOTICES / "2027-test.txt"

    assert main(["--config", str(office), "calendar", "import", str(notice)]) == 1

    err = capsys.readouterr().err.strip()
    assert err == f"节假日文件 {written} 格式有误，未改动：{why}"
    assert written.read_bytes() == saved


def test_show_without_a_year_says_what_is_missing_in_chinese(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the verb takes its year as SPEC §7 writes it; argparse named the argument `year`
    with pytest.raises(SystemExit) as exited:
        main(["--config", str(office), "calendar", "show"])
    assert exited.value.code == 2
    assert "缺少参数：年份" in capsys.readouterr().err
