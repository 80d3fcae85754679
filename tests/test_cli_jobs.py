"""`diaodu jobs list|run` as the office uses them."""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.main import main
from domain.clock import parse_local_time
from domain.meeting_days import label_of
from storage.models import Issue, Outbox, Project
from storage.repos.issues import open_issue
from tests.support.jobs import seeded_context
from tests.support.reports import add_report


@pytest.fixture
async def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    ctx = await seeded_context(tmp_path)
    async with ctx.db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == "P001"))).scalar()
        assert project is not None
        issue = await open_issue(
            session,
            project_id=project.id,
            text="临时用地手续未办结",
            raised_by_id=None,
            at=parse_local_time("2025-04-01 10:00"),
        )
        issue.state, issue.deadline = "已交办", date(2025, 4, 10)
    await ctx.db.dispose()
    url = ctx.settings.database.url
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n[clock]\nnow = "2025-04-24 10:00"\n'
        '[[groups]]\nname = "北石店镇项目群"\nplatform = "local"\nrole = "unit:北石店镇"\n'
        '[[groups]]\nname = "城区包联领导群"\nplatform = "local"\nrole = "leaders"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # ./config.toml is the default
    return url


async def _rows(url: str) -> tuple[int, int]:
    from storage.db import Database

    db = Database(url)
    async with db.read() as session:
        level = (await session.execute(select(Issue.escalation_level))).scalar_one()
        queued = len((await session.execute(select(Outbox.id))).all())
    await db.dispose()
    return level, queued


def test_dry_run_changes_nothing(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["jobs", "run", "issue_loop", "--at", "2025-04-24 09:30", "--dry-run"]
    assert main(args) == 0
    assert "临时用地手续未办结" in capsys.readouterr().out
    import asyncio

    assert asyncio.run(_rows(database)) == (0, 0)


def test_list_shows_every_job_with_its_next_run(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "list"]) == 0
    out = capsys.readouterr().out
    for job in (
        "weekly_reminder",
        "nudge",
        "deadline_close",
        "lights",
        "issue_loop",
        "biweekly_digest",
        "monthly_ranking",
        "calendar_check",
        "leader_weekly",
    ):
        assert job in out
    assert "weekly_reminder  下次 2025-04-28 09:00" in out


def test_list_shows_the_nudge_a_working_day_before_a_deadline_moved_by_new_year(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the week's reports are due Wednesday 12-31 (元旦 Thursday): the nudge comes Tuesday
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-12-29 09:00")
    assert main(["jobs", "list"]) == 0
    out = capsys.readouterr().out
    assert "nudge            下次 2025-12-30 15:00" in out
    assert "deadline_close   下次 2025-12-31 17:00" in out


def test_unknown_job_and_bad_time(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "run", "nope", "--at", "2025-04-24 09:30"]) == 2
    assert "没有任务“nope”" in capsys.readouterr().err
    assert main(["jobs", "run", "lights", "--at", "明天早上"]) == 2
    assert "YYYY-MM-DD HH:MM" in capsys.readouterr().err


def test_a_command_does_not_print_alembics_notes_on_its_dialect(
    database: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    assert main(["jobs", "list"]) == 0
    noted = [r.getMessage() for r in caplog.records if r.name.startswith("alembic")]
    assert not [m for m in noted if m.startswith(("Context impl", "Will assume"))], noted


async def _move_meeting(url: str, label: str, to: date) -> None:
    from storage.db import Database
    from storage.repos.occasions import move_occasion

    db = Database(url)
    async with db.write() as session:  # what `/调度会 改期` records
        move_occasion(
            session, "biweekly_digest", label, to, None, parse_local_time("2025-04-24 10:00")
        )
    await db.dispose()


def test_list_and_run_say_the_day_a_meeting_was_moved_to(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    assert main(["jobs", "list"]) == 0
    assert "biweekly_digest  下次 2025-04-29 08:30" in capsys.readouterr().out
    asyncio.run(_move_meeting(database, label_of(date(2025, 4, 29)), date(2025, 4, 30)))

    assert main(["jobs", "list"]) == 0
    assert "biweekly_digest  下次 2025-04-30 08:30" in capsys.readouterr().out
    assert main(["jobs", "run", "biweekly_digest", "--dry-run"]) == 0
    assert "它下次按计划运行在 2025-04-30 08:30" in capsys.readouterr().out


@pytest.mark.parametrize("at", ["9999-12-31 23:59", "1000-01-01 00:00", "明天早上"])
def test_an_at_no_clock_can_be_is_refused_in_words(
    database: str, capsys: pytest.CaptureFixture[str], at: str
) -> None:
    """`jobs run` and `jobs list` both: 9999-12-31 overflowed the calendar with a traceback,
    and `jobs list` listed from now whatever --at said."""
    assert main(["jobs", "run", "weekly_reminder", "--at", at, "--dry-run"]) == 2
    assert main(["jobs", "list", "--at", at]) == 2
    err = capsys.readouterr().err
    assert err.count(f"--at “{at}” 应写成") == 2 and "年份在 2000–2100 之间" in err


def test_jobs_list_reckons_from_at(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "list", "--at", "2025-04-28 10:00"]) == 0
    out = capsys.readouterr().out
    assert "业务时间 2025-04-28 10:00" in out
    assert "下次 2025-04-24" not in out  # the configured clock's day is behind it


def test_a_past_reminders_preview_calls_who_had_not_reported_then(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """李娜 reported at 10:00 on Monday: the preview of that day's 09:00 reminder @'d only
    张伟, as if she had reported before it; the office checking who was called saw one short."""
    import asyncio

    owners = '[[groups]]\nname = "城区项目责任人群"\nplatform = "local"\nrole = "owners"\n'
    config = Path("config.toml")
    config.write_text(config.read_text(encoding="utf-8") + owners, encoding="utf-8")
    asyncio.run(_report(database, "P003", "2025-04-21 10:00"))
    at = ["--at", "2025-04-21 09:00", "--dry-run"]
    assert main(["jobs", "run", "weekly_reminder", *at]) == 0
    out = capsys.readouterr().out
    assert "西街街道：@李娜" in out and "（共 2 人）" in out
    assert main(["jobs", "run", "weekly_reminder", "--at", "2025-04-21 10:30", "--dry-run"]) == 0
    assert "李娜" not in capsys.readouterr().out


def test_a_past_digests_unreported_leaves_out_reports_filed_after_it(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    # 物流园 补报上周 on Tuesday at 10:00, after the 08:30 调度会 digest
    asyncio.run(_report(database, "P001", "2025-04-29 10:00", period="2025-W17"))
    assert main(["jobs", "run", "biweekly_digest", "--at", "2025-04-29 08:30", "--dry-run"]) == 0
    assert "第17周未报 4 个项目" in capsys.readouterr().out
    assert main(["jobs", "run", "biweekly_digest", "--at", "2025-04-29 10:30", "--dry-run"]) == 0
    assert "第17周未报 3 个项目" in capsys.readouterr().out


async def _report(url: str, code: str, at: str, period: str | None = None) -> None:
    from storage.db import Database

    db = Database(url)
    await add_report(db, code, None, at, 1_000, period=period)
    await db.dispose()


def test_the_preview_it_suggests_runs_as_typed_after_make_run(
    database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # after `make run` diaodu is .venv/bin/diaodu (not on PATH) and the demo's database is
    # named by --config demo/demo.toml: the suggested `diaodu jobs run …` was "command not
    # found", then 没有找到配置文件
    demo = tmp_path / "demo"
    demo.mkdir()
    (tmp_path / "config.toml").rename(demo / "demo.toml")
    monkeypatch.setattr("sys.argv", [".venv/bin/diaodu"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    args = ["--config", "demo/demo.toml", "jobs", "run", "weekly_reminder", "--dry-run"]
    assert main(args) == 0
    suggested = (
        '.venv/bin/diaodu --config demo/demo.toml jobs run weekly_reminder --at "2025-04-28 09:00"'
        " --dry-run"
    )
    assert f"要预览那时的推送：{suggested}" in capsys.readouterr().out
    assert main(shlex.split(suggested)[1:]) == 0
    assert "每周调度提醒（2025年第18周（4月28日—5月4日））" in capsys.readouterr().out


def test_without_a_config_it_says_init_as_the_program_was_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIAODU_DATABASE__URL", raising=False)
    monkeypatch.setattr("sys.argv", [".venv/bin/diaodu"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["import", "台账.xlsx", "--dry-run"]) == 2
    assert "请先运行 .venv/bin/diaodu init 生成配置文件并建库" in capsys.readouterr().err
