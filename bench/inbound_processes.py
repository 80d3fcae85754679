"""The inbound benchmark's processes and databases: the demo it serves, a server started and
waited for (up, then idle), its CPU time, and a fresh PostgreSQL database to run it on."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from aiohttp import ClientSession

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """CPU time the process used so far (user + system)."""
    return _cpu(Path(f"/proc/{pid}/stat"))


def thread_seconds(pid: int) -> dict[int, float]:
    """CPU time each thread of the process used so far, by thread id (the process id is the
    main thread's: the server's event loop)."""
    threads = Path(f"/proc/{pid}/task")
    return {int(task.name): _cpu(task / "stat") for task in threads.iterdir()}


def _cpu(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def until_idle(pid: int, quiet: float = 0.05, window: float = 0.5) -> None:
    """Wait until the process used under `quiet` of a core over `window` seconds."""
    before = cpu_seconds(pid)
    while True:
        await asyncio.sleep(window)
        now = cpu_seconds(pid)
        if now - before < quiet * window:
            return
        before = now


async def until_up(url: str) -> None:
    """Wait for the server to answer at all."""
    async with ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(url + "/healthz"):
                    return
            except OSError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def prepare(folder: Path, env: dict[str, str]) -> Path:
    """The demo database and its config (`diaodu demo --no-serve`)."""
    diaodu = [sys.executable, "-m", "bot.cli.main"]
    subprocess.run(
        [*diaodu, "demo", "--dir", str(folder), "--no-serve"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return folder / "demo.toml"


def start(command: list[str], env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    """A server process writing to `log`."""
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)


PG_URL = os.environ.get("DIAODU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def pg_database() -> str:
    """A fresh database on the PostgreSQL server of DIAODU_TEST_PG_URL."""
    from sqlalchemy import text

    from storage.db import Database

    admin = Database(PG_URL)
    name = f"diaodu_bench_{os.getpid()}"
    async with admin.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


async def drop_pg_database(url: str) -> None:
    """Drop a database made by `pg_database`."""
    from sqlalchemy import text

    from storage.db import Database

    admin = Database(PG_URL)
    async with admin.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    await admin.dispose()
