"""`check-config` names each template override it cannot use and says why (at run time the
built-in template is sent instead: tests/test_message_rendering.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.template_check import override_problems


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "my-templates"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_each_unusable_override_is_named_with_its_problem(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "pushes/nudge.md.j2": "【催报】{{ period }} 请 {{ owner_list }} 报送",
            "replies/help.md.j2": "{% for c in commands %}{{ c.usage }}",
            "pushes/weekly.md.j2": "本周开始",
            "replies/empty.md.j2": "您好，请发送 /帮助",
        },
    )
    problems = override_problems(folder)
    assert len(problems) == 3, problems
    nudge, weekly = [p for p in problems if "pushes/" in p]
    assert "模板 pushes/nudge.md.j2" in nudge
    assert "没有的变量 owner_list" in nudge and "period" in nudge  # and what it may use
    assert "没有这个名字的消息模板" in weekly
    [help_] = [p for p in problems if "replies/help" in p]
    assert "第 1 行语法错误" in help_
    assert all(p.endswith("将改用内置模板") for p in problems)


def test_a_missing_folder_is_said_a_folder(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    assert override_problems(nowhere) == [
        f"模板文件夹 {nowhere} 不存在（[templates] override_dir），将全部使用内置模板"
    ]
    assert override_problems(None) == []


def test_check_config_prints_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, {"pushes/nudge.md.j2": "{{ nobody }}"})
    (tmp_path / "config.toml").write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "o.db"}"\n'
        f'[templates]\noverride_dir = "{folder}"\n',
        encoding="utf-8",
    )
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    assert "提醒：模板 pushes/nudge.md.j2：使用了这条消息没有的变量 nobody" in out
