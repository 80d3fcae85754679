"""What a `diaodu` command loads: its own verb's code, not the chat bot's.

Every command the office types (and the dashboard's import, run as a `diaodu import` child)
loaded the settings, the database, the chat grammar, pypinyin and the platform adapters
before reading its arguments: four seconds of CPU for `diaodu jobs list`, most of it code the
verb never ran. Start-up time is not asserted (it depends on the machine); what is loaded is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHAT = ("handlers", "bot.adapters.dingtalk", "bot.adapters.wecom", "bot.adapters.feishu")
"""The chat grammar and the platforms' callbacks: the server's, no one-shot command's."""
HEAVY = ("pypinyin", "aiohttp", "bot.app", "psycopg")  # psycopg: PostgreSQL's driver, on SQLite

# One process, as a clerk's session: the commands run in turn, and after each one the script
# says which of the modules named below are loaded by then.
SCRIPT = """
import contextlib, io, json, sys
from bot.cli.main import main

watched = sys.argv[1:]
for argv in (
    ["--help"],
    ["init"],
    ["jobs", "list"],
    ["jobs", "run", "weekly_reminder", "--at", "2026-12-07 09:00", "--dry-run"],
    ["import", "台账.csv", "--dry-run"],
):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code
    loaded = [name for name in watched if name in sys.modules]
    print(json.dumps({"command": argv[0], "status": status, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    folder = tmp_path_factory.mktemp("start")
    (folder / "台账.csv").write_text(
        "项目代码,项目名称,责任单位,项目类别,总投资（万元）,责任人,责任人手机\n"
        "P001,丹河锂电负极材料生产线项目,区工信局,续建,22110,冯涛,18211621108\n",
        encoding="utf-8",
    )
    unset = ("DIAODU_DATABASE__URL", "DIAODU_DASHBOARD__TOKEN")
    env = {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "DIAODU_CLOCK__NOW": "2026-12-02 09:30",
    }
    watched = [*CHAT, *HEAVY, "sqlalchemy", "pydantic", "jinja2", "core.settings"]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *watched],
        check=False,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    steps = [json.loads(line) for line in done.stdout.splitlines()]
    assert [step["status"] for step in steps] == [0, 0, 0, 0, 0], done.stderr
    return steps


def test_help_reads_no_settings_database_or_chat_code(session: list[dict[str, object]]) -> None:
    # `diaodu --help` (and a mistyped verb's message) is argparse's work alone
    assert session[0]["command"] == "--help"
    assert session[0]["loaded"] == []


def test_the_offices_job_commands_leave_the_chat_code_unloaded(
    session: list[dict[str, object]],
) -> None:
    # init, `jobs list`, a dry run of the weekly reminder and of an import (the dashboard's
    # upload runs the same command) read no chat message and open no platform's callback
    for step in session[1:]:
        loaded = step["loaded"]
        assert isinstance(loaded, list)
        assert not set(loaded) & {*CHAT, *HEAVY}, step
        assert "sqlalchemy" in loaded  # the commands did run: they opened the database
