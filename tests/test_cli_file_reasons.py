"""A file the command line cannot read or write is named with a Chinese reason the office can
act on, never the system's English (`[Errno 21] Is a directory`), and the exit status says it
failed. Each case is one a user meets: a folder for a file, a missing or full target, no rights."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main

ENGLISH = ("Errno", "directory", "denied", "unable to open", "Traceback")
LINUX = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /proc, /dev/full")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "office.db"
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-24 10:00")
    monkeypatch.delenv("DIAODU_CALENDAR__HOLIDAYS_FILE", raising=False)
    assert main(["db", "upgrade"]) == 0
    return path


def said(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert not any(word in err for word in ENGLISH), err
    return err.strip()


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.csv"])
def test_importing_a_folder_says_it_is_a_folder(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / name).mkdir()
    capsys.readouterr()
    assert main(["import", str(tmp_path / name)]) == 1
    assert said(capsys) == f"{name}：这是一个文件夹，不是文件"


def test_importing_from_under_a_file_says_the_path_is_wrong(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "台账.xlsx").write_bytes(b"")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "台账.xlsx" / "四月.xlsx")]) == 1
    assert said(capsys) == "四月.xlsx：路径中有一段不是文件夹"


def test_a_config_that_is_a_folder_is_not_called_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").mkdir()
    assert main(["--config", str(tmp_path / "config.toml"), "jobs", "list"]) == 2
    assert f"无法读取配置文件：这是一个文件夹，不是文件（{tmp_path / 'config.toml'}）" in said(
        capsys
    )
    assert main(["--config", str(tmp_path / "没有.toml"), "jobs", "list"]) == 2
    assert "无法读取配置文件：文件不存在" in said(capsys)


def test_a_holidays_file_that_is_a_folder_is_said_in_chinese(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    (tmp_path / "holidays.toml").mkdir()
    monkeypatch.setenv("DIAODU_CALENDAR__HOLIDAYS_FILE", str(tmp_path / "holidays.toml"))
    capsys.readouterr()
    assert main(["calendar", "show", "2025"]) == 2
    assert said(capsys).endswith("无法读取：这是一个文件夹，不是文件")


@LINUX
def test_an_export_to_a_full_disk_says_the_disk_is_full(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("台账.csv", "台账.xlsx"):
        (tmp_path / name).symlink_to("/dev/full")  # every write there fails with ENOSPC
        capsys.readouterr()
        assert main(["export", str(tmp_path / name)]) == 1
        assert said(capsys) == f"{name}：无法写入（磁盘已满，请清理出空间后再试）"


@LINUX
def test_a_backup_where_no_file_can_be_made_says_why(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["backup", "/proc/备份.db"]) == 1
    assert said(capsys) == "无法写入 /proc/备份.db：该文件夹不能新建文件"
    assert not Path("/proc/备份.db").exists()


def _without_rights() -> list[str] | None:
    """A command prefix under which file permissions hold: none needed for a plain user; for
    root, `setpriv` dropping the capabilities that bypass them. None when neither works."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def test_files_without_permission_are_said_in_chinese(database: Path, tmp_path: Path) -> None:
    prefix = _without_rights()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod would not stop reading")
    locked = tmp_path / "台账.xlsx"
    locked.write_bytes(b"PK")
    locked.chmod(0)
    shut = tmp_path / "只读"
    shut.mkdir(mode=0o555)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for verb, reason in (
        (["import", str(locked)], "台账.xlsx：没有读取权限"),
        (["export", str(shut / "导出.xlsx")], "导出.xlsx：无法写入（没有写入权限）"),
        (["backup", str(shut / "备份.db")], f"无法写入 {shut / '备份.db'}：没有写入权限"),
    ):
        command = [*prefix, sys.executable, "-m", "bot.cli.main", *verb]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 1, done.stderr
        assert reason in done.stderr and not any(w in done.stderr for w in ENGLISH)
