"""Nothing acknowledged is lost when the server is killed outright (kill -9) mid-load.

`diaodu serve` runs in a process of its own and takes reports from many senders at once; it
is killed while answering. Every message it had answered must then be in the database, with
the very answer that was sent: an answer goes out only after its transaction committed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from aiohttp import ClientError, ClientSession, ClientTimeout
from sqlalchemy import select

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Inbound
from tests.support.seed import OWNER, seed

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 300


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DIAODU_DATABASE__URL": url,
        "DIAODU_SERVER__PORT": str(port),
        "DIAODU_LOCAL__ENABLED": "true",
        "DIAODU_CLOCK__NOW": "2025-04-24 10:00",
        "DIAODU_SCHEDULE__ENABLED": "false",
        "DIAODU_OUTBOX__ENABLED": "false",
        "DIAODU_CALENDAR__HOLIDAYS_FILE": str(log.parent / "holidays.toml"),
    }
    command = [sys.executable, "-m", "bot.cli.main", "serve"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)


async def _up(http: ClientSession, base: str) -> None:
    for _ in range(300):
        try:
            async with http.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the server did not come up")


async def test_every_answered_message_survives_a_kill_9(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kill.db'}"
    db = Database(url)
    await upgrade(db)
    await seed(db)
    port, answered = _free_port(), {}
    server = _serve(url, port, tmp_path / "serve.log")
    base = f"http://127.0.0.1:{port}"
    try:
        async with ClientSession(timeout=ClientTimeout(total=30)) as http:
            await _up(http, base)

            async def send(n: int) -> None:
                text = f"进度 物流园\n累计完成：{3000 + n}万\n形象进度：第{n}次"
                body = {"msg_id": f"k{n}", "chat_id": "owners", "user_id": OWNER, "text": text}
                try:
                    async with http.post(f"{base}/callback/local", json=body) as response:
                        if response.status == 200:
                            answered[body["msg_id"]] = (await response.json())["replies"]
                except (ClientError, json.JSONDecodeError):
                    pass  # cut off by the kill: not acknowledged, nothing owed

            sending = [asyncio.create_task(send(n)) for n in range(MESSAGES)]
            while len(answered) < MESSAGES // 5:  # noqa: ASYNC110 (counting answers)
                await asyncio.sleep(0.01)
            server.send_signal(signal.SIGKILL)
            await asyncio.gather(*sending)
    finally:
        server.kill()
        server.wait()
    assert MESSAGES // 5 <= len(answered) < MESSAGES  # killed mid-load
    async with db.read() as session:
        rows = (await session.execute(select(Inbound))).scalars().all()
    stored = {row.platform_msg_id: row for row in rows}
    for msg_id, replies in answered.items():
        row = stored[msg_id]
        assert row.state == "done"
        assert [reply["text"] for reply in replies] == [reply["text"] for reply in row.replies]
    await db.dispose()
