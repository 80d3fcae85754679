"""A new install and an upgrade as the IT person runs them: an empty ledger, an older or a
newer schema, and commands that must not change the schema under a running service."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.light_types import LightRules, LightThresholds
from domain.plan import DEFAULT_CURVE
from scheduler.light_workers import evaluate_all
from storage.db import Database
from storage.migrate import current_revision, upgrade

# a failed database connection must leave no thread speaking to a closed loop (a traceback)
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

OLD = "0013"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "diaodu.db"
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-11-30 09:00")
    return path


async def test_the_lights_of_an_empty_ledger_are_nothing_not_an_error(database: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{database}")
    await upgrade(db)
    try:
        rules = LightRules(LightThresholds(), DEFAULT_CURVE, WorkCalendar())
        result = await evaluate_all(db, datetime(2026, 11, 30, 9, tzinfo=SHANGHAI), rules)
    finally:
        await db.dispose()
    assert result.changes == []


def test_a_look_at_an_older_database_does_not_upgrade_it(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _at_revision(database, OLD)

    for command in (
        ["jobs", "list"],
        ["outbox", "list"],
        ["export", str(database.parent / "x.xlsx")],
    ):
        assert main(command) != 0
        err = capsys.readouterr().err
        assert "请先停止服务，运行 diaodu db upgrade" in err and "Traceback" not in err
    assert _revision(database) == OLD  # the old service still running keeps working

    assert main(["db", "upgrade"]) == 0
    head = _revision(database)
    assert f"数据库结构已从 {OLD} 升级到 {head}" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "无需升级" in capsys.readouterr().out
    assert main(["jobs", "list"]) == 0


def test_a_database_newer_than_the_program_is_said_without_a_traceback(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    import sqlite3

    with sqlite3.connect(database) as connection:  # a later version's schema (rolled back)
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    capsys.readouterr()

    for command in (["db", "upgrade"], ["jobs", "list"]):
        assert main(command) != 0
        err = capsys.readouterr().err
        assert "比本程序新" in err and "Traceback" not in err and "Can't locate" not in err


def _at_revision(path: Path, revision: str) -> None:
    async def go() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(db, revision)
        finally:
            await db.dispose()

    asyncio.run(go())


def _revision(path: Path) -> str | None:
    async def go() -> str | None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            return await current_revision(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_serve_on_a_port_already_taken_says_so(
    database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as taken:  # another diaodu serve, or nginx, already there
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("DIAODU_SERVER__PORT", str(port))
        assert main(["serve"]) != 0
    err = capsys.readouterr().err
    assert f"端口 {port} 已被占用" in err and "Traceback" not in err


def test_the_demo_on_a_port_already_taken_says_so_before_building_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make run` on a machine where 8080 is taken: the demo built its ledger for half a
    # minute, printed where to open the simulator, ran the due jobs and then failed
    import socket

    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-12-02 09:30")
    monkeypatch.chdir(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("DIAODU_SERVER__PORT", str(port))
        assert main(["demo", "--dir", "demo"]) != 0
    out, err = capsys.readouterr()
    assert f"端口 {port} 已被占用" in err and "DIAODU_SERVER__PORT=8081 make run" in err
    assert "使用聊天模拟器" not in out
    assert not (tmp_path / "demo").exists()


def test_a_database_folder_that_is_not_there_or_not_ours_is_said_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "var" / "lib" / "diaodu" / "diaodu.db"
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{missing}")

    assert main(["db", "upgrade"]) != 0

    err = capsys.readouterr().err
    assert "无法打开或写入数据库文件" in err and "chown" in err
    assert "unable to open" not in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["bogus"], "「bogus」不是可用的命令或取值，可用：init、serve"),
        (["import"], "缺少参数：file"),
        (["jobs", "run", "lights", "--at"], "--at 后面需要一个值"),
        (["import", "台账.xlsx", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_command_line_mistakes_are_said_in_chinese(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "用法：" in err
    assert "error:" not in err and "usage:" not in err


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "用法：" in out and "选项：" in out and "显示本帮助并退出" in out
    assert "show this help message" not in out
