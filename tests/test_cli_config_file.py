"""A config file the command line cannot use is explained in Chinese an office can act on: a
TOML mistake by its line, column and what is wrong, never tomllib's English; a named pipe
or device given as a file is refused at once instead of waiting for it forever."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tomlkit.exceptions import ParseError

from bot.cli.main import main
from domain.toml_errors import why_not_toml, why_not_tomlkit

ENGLISH = ("Expected", "line", "column", "Invalid", "Cannot", "Unclosed", "codec", "Traceback")
ROOT = Path(__file__).resolve().parents[1]
FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def said(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert not any(word in err for word in ENGLISH), err
    return err


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '[server]\nhost = "0.0.0.0"\nport 8080\n',
            "第 3 行第 6 列：键名后面缺少等号“=”（应写成 键名 = 值）",
        ),
        (
            '[server]\nhost = "0.0.0.0\nport = 8080\n',
            "第 2 行第 16 列：引号没有配对（文字要在同一行内用同样的引号结束）",
        ),
        (
            '[[groups]]\nname = "项目一组"\nprojects = ["P1", "P2"\n',
            "文件末尾：方括号“[ ]”没有配对，或各项之间缺少英文逗号“,”",
        ),
        ("[server\nport = 8080\n", "第 1 行第 8 列：表名缺少结束的方括号“]”"),
        (
            "[server]\nport = 8080\nport = 8081\n",
            "第 3 行第 12 列：同一个设置写了两次（或与前面的表名重名），请删去或合并重复的一处",
        ),
        (
            "[server]\nport = 8080\n[server]\n",
            "第 3 行第 8 列：表 [server] 写了两次（要写多项请用两层方括号，如 [[server]]）",
        ),
        (
            "[server]\nhost = localhost\n",
            '第 2 行第 8 列：值写得不对（文字要加英文双引号，如 name = "张伟"；',
        ),
        (
            "[server]\nhost ＝ “localhost”\n",
            "第 2 行第 6 列：键名后面缺少等号“=”（应写成 键名 = 值）；"
            "这一行有中文全角符号 ＝ “ ”，请改用英文半角符号",
        ),
        (
            '[calendar]\nholidays_file = "D:\\台账\\holidays.toml"\n',
            "第 2 行第 22 列：文字中的反斜杠“\\”要写成两个“\\\\”",
        ),
    ],
)
def test_a_toml_mistake_is_said_by_line_and_column_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["--config", str(config), "jobs", "list"]) == 2
    assert f"TOML 格式错误：{reason}" in said(capsys)


def test_serve_with_a_broken_config_stops_with_the_chinese_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[server]\nport = 8080\n\n[[bots]\n", encoding="utf-8")
    assert main(["serve", "--config", str(config)]) == 2
    err = said(capsys)
    assert f"配置有误 ({config}):" in err
    assert "TOML 格式错误：第 4 行第 7 列：表名缺少结束的双方括号“]]”" in err


def test_a_config_saved_as_gbk_names_the_line_and_the_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes("[server]\nport = 8080\n# 服务端口\n".encode("gbk"))
    assert main(["--config", str(config), "check-config"]) == 2
    assert (
        "TOML 格式错误：第 3 行有不是 UTF-8 编码的字符（请用记事本等把文件另存为 UTF-8 编码）"
        in said(capsys)
    )


def test_a_holidays_file_with_a_toml_mistake_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    holidays = tmp_path / "holidays.toml"
    holidays.write_text('[2027]\nholidays = ["2027-02-05", "2027-02-06"\n', encoding="utf-8")
    monkeypatch.setenv("DIAODU_CALENDAR__HOLIDAYS_FILE", str(holidays))
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    assert main(["calendar", "show", "2027"]) == 2
    ending = "无法读取，文件末尾：方括号“[ ]”没有配对，或各项之间缺少英文逗号“,”"
    assert said(capsys).strip().endswith(ending)


def test_a_backup_onto_a_folder_says_folder_like_reading_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    assert main(["db", "upgrade"]) == 0
    (tmp_path / "备份").mkdir()
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "备份")]) == 1
    assert said(capsys).strip() == f"无法写入 {tmp_path / '备份'}：这是一个文件夹，请写出文件名"
    assert main(["backup", str(tmp_path / "没有" / "备份.db")]) == 1
    target, missing = tmp_path / "没有" / "备份.db", (tmp_path / "没有").resolve()
    assert said(capsys).strip() == f"无法写入 {target}：文件夹 {missing} 不存在"


def _cli(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own: a read that blocks fails the test instead of hanging it."""
    command = [sys.executable, "-m", "bot.cli.main", *argv]
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command, capture_output=True, text=True, env=full, cwd=cwd, timeout=30, check=False
    )


@FIFO
def test_a_named_pipe_is_refused_without_waiting_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"DIAODU_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path / 'o.db'}"}
    assert _cli(["db", "upgrade"], env, tmp_path).returncode == 0
    for name in ("config.toml", "台账.csv", "通知.txt"):
        os.mkfifo(tmp_path / name)
    refusal = "这不是普通文件（是管道、设备一类的特殊文件），请给出普通文件"
    for argv, status, line in (
        (["--config", "config.toml", "jobs", "list"], 2, f"无法读取配置文件：{refusal}"),
        (["import", "台账.csv"], 1, f"台账.csv：{refusal}"),
        (["calendar", "import", "通知.txt"], 1, f"无法读取 通知.txt：{refusal}"),
        (["--config", "/dev/zero", "jobs", "list"], 2, f"无法读取配置文件：{refusal}"),
    ):
        done = _cli(argv, env, tmp_path)
        assert done.returncode == status, done.stderr
        assert line in done.stderr, done.stderr
    # /dev/null is the usual "no file": the settings then come from the environment alone (in
    # this process: reading it cannot block, and the cases above ran `jobs list` in their own)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["--config", "/dev/null", "jobs", "list"]) == 0, capsys.readouterr().err
    assert "weekly_reminder" in capsys.readouterr().out


def test_a_mistake_not_known_here_still_gets_its_place_in_chinese() -> None:
    """A sentence a later tomllib may add is not translated, but its place still is."""
    unknown = tomllib.TOMLDecodeError("Some new complaint (at line 4, column 2)")
    assert why_not_toml(unknown) == "第 4 行第 2 列：这里的写法不符合 TOML 格式"


def test_what_only_tomlkit_refuses_gets_its_place_in_chinese_too() -> None:
    """The holidays file is checked with tomllib before tomlkit merges a notice in; should
    tomlkit still refuse it, its place is said as tomllib counts it, its English is not."""
    refusal = ParseError(2, 9, "Unexpected character: '＝'")
    assert why_not_tomlkit(refusal) == "第 2 行第 10 列：这里的写法不符合 TOML 格式"
    assert why_not_tomlkit(KeyError("x")) == "这里的写法不符合 TOML 格式"
