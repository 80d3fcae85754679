"""The application factory, health endpoints and the CLI's start-up errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.cli.main import main
from core.settings import load_settings


async def test_healthz_and_readyz(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    settings = load_settings(None, database={"url": f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"})
    client: TestClient = await aiohttp_client(create_app(settings))
    health = await client.get("/healthz")
    assert health.status == 200
    assert (await health.json())["status"] == "ok"
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["database"] == "up"


def test_check_config_lists_problems_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[server]\nportt = 1\n[lights]\nblue_ratio = -1\n")
    assert main(["--config", str(config), "check-config"]) == 2
    err = capsys.readouterr().err
    assert "server.portt" in err
    assert "lights.blue_ratio" in err


def test_missing_config_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "check-config"]) == 2
    assert "nope.toml" in capsys.readouterr().err


def test_unreachable_database_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("无法连接数据库")
    assert "Traceback" not in err


def test_db_upgrade_and_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "upgrade"]) == 0
    target = tmp_path / "copy.db"
    assert main(["backup", str(target)]) == 0
    assert target.stat().st_size > 0
    assert main(["backup", str(target)]) == 1  # never overwrites


@pytest.mark.parametrize("token", ["", "   ", "short-token"], ids=["empty", "blank", "short"])
def test_check_config_names_an_empty_or_short_dashboard_token(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    token: str,
) -> None:
    # An empty token used to open /api/* to anyone: compare_digest(b"", b"") is True.
    monkeypatch.setenv("DIAODU_DASHBOARD__TOKEN", token)
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    assert main(["check-config"]) == 2
    err = capsys.readouterr().err
    assert "dashboard.token" in err
    assert ("不能为空" if not token.strip() else "至少 16 个字符") in err
