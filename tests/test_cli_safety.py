"""The command line as a new office user meets it: where --config goes, which database is used,
no empty database made by accident, one Chinese line for a bad path, plain warnings."""

from __future__ import annotations

import gc
import logging
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import _Notes, main
from bot.redaction import Redact

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder with no config.toml, as the current directory."""
    for name in ("DIAODU_DATABASE__URL", "DIAODU_DASHBOARD__TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_config(path: Path, database: Path, extra: str = "") -> Path:
    path.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{database}"\n{extra}', "utf-8")
    return path


@pytest.mark.parametrize(
    "verb", [["jobs", "list"], ["export", "台账.xlsx"], ["serve"], ["import", "x.xlsx"]]
)
def test_without_a_config_no_empty_database_is_made_and_the_user_is_told(
    empty_dir: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    assert main(verb) == 2
    err = capsys.readouterr().err
    assert "config.toml" in err and "diaodu.db" in err and "diaodu init" in err
    assert "Traceback" not in err
    assert not (empty_dir / "diaodu.db").exists()


def test_init_is_the_verb_that_creates_config_and_database(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    assert (empty_dir / "config.toml").exists() and (empty_dir / "diaodu.db").exists()
    assert main(["jobs", "list"]) == 0
    assert "weekly_reminder" in capsys.readouterr().out


def test_config_may_stand_before_or_after_the_verb(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(empty_dir / "office.toml", empty_dir / "office.db")
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    assert (empty_dir / "office.db").exists()
    assert main(["jobs", "list", f"--config={config}"]) == 0
    assert main(["--config", str(config), "outbox", "list"]) == 0
    assert main(["outbox", "list", "--status", "failed", "--config", str(config)]) == 0
    assert not (empty_dir / "diaodu.db").exists()
    assert main(["check-config", "--config"]) == 2
    assert "--config 后面" in capsys.readouterr().err


def test_a_configured_database_that_is_missing_is_made_only_by_the_verbs_that_build_it(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(empty_dir / "config.toml", empty_dir / "data.db")
    assert main(["export", "台账.xlsx"]) == 2
    assert "diaodu init" in capsys.readouterr().err
    assert not (empty_dir / "data.db").exists()
    assert main(["db", "upgrade"]) == 0
    assert (empty_dir / "data.db").exists()


def test_jobs_run_without_a_time_says_when_the_job_next_runs(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(
        empty_dir / "config.toml", empty_dir / "o.db", '[clock]\nnow = "2025-04-24 10:00"\n'
    )
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["jobs", "run", "weekly_reminder", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "下次按计划运行在 2025-04-28 09:00" in out
    assert 'diaodu jobs run weekly_reminder --at "2025-04-28 09:00" --dry-run' in out


@pytest.mark.parametrize("verb", ["backup", "export"])
def test_a_bad_target_path_is_one_chinese_line(
    empty_dir: Path, capsys: pytest.CaptureFixture[str], verb: str
) -> None:
    write_config(empty_dir / "config.toml", empty_dir / "o.db")
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    for target in (empty_dir / "no-such-dir" / "out.xlsx", empty_dir):
        assert main([verb, str(target)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert "Traceback" not in err and "No such" not in err and "Error" not in err, err
        assert "无法写入" in err or "请使用 .xlsx" in err, err


def test_check_config_names_what_an_office_has_not_set_up(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(empty_dir / "config.toml", empty_dir / "o.db")
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    assert "[[groups]]" in out and "[[bots]]" in out and "[dashboard] token" in out
    assert "o.db" in out and "diaodu init" in out  # the database it would use, still missing
    assert not (empty_dir / "o.db").exists()


def test_configuration_problems_are_explained_in_chinese_without_patterns(
    empty_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_dir / "config.toml").write_text(
        '[server]\nport = "八千"\n[[bots]]\nname = "调度 机器人"\nplatform = "weixin"\n'
        '[[groups]]\nname = "群"\nplatform = "wecom"\nrole = "领导"\n',
        encoding="utf-8",
    )
    assert main(["check-config"]) == 2
    err = capsys.readouterr().err
    assert "server.port: 应为整数" in err
    assert "bots.0.name: 只能用字母、数字、- 和 _" in err
    assert "bots.0.platform: 只能是 wecom、dingtalk、feishu、local 之一" in err
    assert "groups.0.role: 应为 owners、leaders、office 或 unit:单位名" in err
    assert "should" not in err and "^" not in err


def test_the_readme_example_runs_as_written_against_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DIAODU_DATABASE__URL", raising=False)
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-12-02 09:30")  # as make run's demo, a Wednesday
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--dir", "demo", "--no-serve"]) == 0
    [line] = [
        ln for ln in README.read_text("utf-8").splitlines() if "jobs run weekly_reminder" in ln
    ]
    command = shlex.split(line.split("`")[1])
    assert command[0].endswith("diaodu")
    capsys.readouterr()
    assert main(command[1:]) == 0
    said = capsys.readouterr().out
    # the line it says previews the next reminder, of the demo's own people; the README's
    # fixed --at "2025-04-21 09:00" reminded 共 0 人 against a demo of this year
    suggested = said.split("要预览那时的推送：")[1].splitlines()[0]
    assert main(shlex.split(suggested)[1:]) == 0
    push = capsys.readouterr().out
    assert "→ [local] 城区项目责任人群" in push
    assert "2026年第50周（12月7日—12月13日）进度填报开始" in push and "共 0 人" not in push


@pytest.mark.postgres
def test_backup_of_postgresql_uses_pg_dump(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")
    # with the `ssl=` option deploy.md documents (an asyncpg URL's; pg_dump calls it sslmode)
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"{db_url}?ssl=disable")
    assert main(["db", "upgrade"]) == 0
    target = tmp_path / "office.dump"
    assert main(["backup", str(target)]) == 0
    command = ["pg_restore", "--list", str(target)]
    listing = subprocess.run(command, check=False, capture_output=True, text=True)
    assert listing.returncode == 0 and "TABLE public outbox" in listing.stdout
    monkeypatch.setenv("PATH", str(tmp_path))  # no PostgreSQL client tools here
    assert main(["backup", str(tmp_path / "again.dump")]) == 1
    assert "没有找到 pg_dump" in capsys.readouterr().err


@pytest.fixture(scope="module")
def one_shots(tmp_path_factory: pytest.TempPathFactory) -> list[subprocess.CompletedProcess[str]]:
    """`init`, `jobs list` and a dry run of the lights in a fresh folder, each in a process of
    its own as a clerk types them, run once for the tests below (a process costs seconds)."""
    folder = tmp_path_factory.mktemp("one-shot")
    unset = ("DIAODU_DATABASE__URL", "DIAODU_DASHBOARD__TOKEN")
    env = {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "DIAODU_CLOCK__NOW": "2026-12-01 09:00",  # December: next year's holidays are due
    }
    lights = ["jobs", "run", "lights", "--at", "2026-12-01 09:00", "--dry-run"]
    return [
        subprocess.run(
            [sys.executable, "-m", "bot.cli.main", *argv],
            check=False,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        for argv in (["init"], ["jobs", "list"], lights)
    ]


def test_init_tells_a_clerk_in_chinese_only(
    one_shots: list[subprocess.CompletedProcess[str]],
) -> None:
    # a new database is made, not upgraded: no English migration lines, one per step
    done = one_shots[0]
    assert done.returncode == 0, done.stderr
    assert "数据库已建好" in done.stdout + done.stderr
    assert "Running upgrade" not in done.stderr


def test_a_one_shot_commands_notes_read_as_chinese_lines(
    one_shots: list[subprocess.CompletedProcess[str]],
) -> None:
    # `2026-11-30 05:31:58,097 WARNING domain.calendar: 没有 2027 年的放假安排…` before
    said = ""
    for done in one_shots:
        assert done.returncode == 0, done.stderr
        said += done.stderr
    assert "提示：没有 2027 年的放假安排" in said
    assert "WARNING" not in said and "domain.calendar" not in said
    assert "亮灯 2026-12-01：0 个项目" in said and "projects" not in said  # the job's own line


def test_an_error_noted_for_a_clerk_keeps_what_went_wrong_in_the_code() -> None:
    # the one-shot formatter dropped the traceback: the screen a clerk passes on said nothing
    try:
        {}["计划"]
    except KeyError:
        record = logging.LogRecord(
            "scheduler.runner",
            logging.ERROR,
            __file__,
            1,
            "任务 %s 失败",
            ("digest",),
            sys.exc_info(),
        )
    said = _Notes().format(record)
    assert said.startswith("错误：任务 digest 失败\n")
    assert "Traceback" in said and "KeyError: '计划'" in said


def test_an_errors_traceback_keeps_its_secrets_masked() -> None:
    secret = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=s3cr3t-robot-key"
    try:
        raise RuntimeError(f"POST {secret} failed")
    except RuntimeError:
        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "推送失败", (), sys.exc_info()
        )
    assert Redact({"s3cr3t-robot-key"}).filter(record)
    said = _Notes().format(record)
    assert "RuntimeError" in said and "s3cr3t-robot-key" not in said


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.usefixtures("new_garbage_only")
def test_a_demo_folder_that_cannot_be_made_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIAODU_DATABASE__URL", raising=False)
    ignored: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    assert main(["demo", "--dir", "/proc/演示", "--no-serve"]) == 1
    assert main(["demo", "--dir", "/proc", "--no-serve"]) == 1
    gc.collect()
    err = capsys.readouterr().err
    assert "无法在 /proc/演示 写入演示数据：该文件夹不能新建文件" in err
    assert "无法在 /proc 写入演示数据：该文件夹不能新建文件" in err
    assert ignored == []
