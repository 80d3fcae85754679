"""`diaodu serve` as separate processes, for the fail-over tests: start, watch the log, kill."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """One `diaodu --config FILE serve`, its log kept in memory line by line."""

    def __init__(self, name: str, config: Path, port: int) -> None:
        self.name = name
        self.config = config
        self.port = port
        self.lines: list[str] = []
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()

    async def start(self) -> ServeProcess:
        """Start the process and wait until it answers /healthz."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIAODU_")}
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli.main", "--config", str(self.config), "serve",
            cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())
        async with asyncio.timeout(60), aiohttp.ClientSession() as http:
            while not await _healthy(http, self.port):
                if self._process.returncode is not None:
                    raise RuntimeError(f"{self.name} exited:\n" + "\n".join(self.lines))
                await asyncio.sleep(0.1)
        return self

    async def _read(self) -> None:
        assert self._process is not None and self._process.stderr is not None
        async for raw in self._process.stderr:
            self.lines.append(raw.decode(errors="replace").rstrip())
            async with self._changed:
                self._changed.notify_all()

    def said(self, pattern: str, since: int = 0) -> bool:
        """Whether a log line from index `since` on matches `pattern` (a regular expression)."""
        return any(re.search(pattern, line) for line in self.lines[since:])

    async def wait_for(self, pattern: str, within: float = 30.0, since: int = 0) -> str:
        """The first log line from index `since` on that matches `pattern` (waits for it)."""
        async with asyncio.timeout(within), self._changed:
            while True:
                for line in self.lines[since:]:
                    if re.search(pattern, line):
                        return line
                await self._changed.wait()

    def signal(self, number: int) -> None:
        """Send a signal (SIGKILL, SIGSTOP, SIGCONT) to the process."""
        assert self._process is not None
        self._process.send_signal(number)

    async def stop(self) -> None:
        """End the process (SIGCONT first, in case it was stopped) and its log reader."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signal.SIGCONT)
                self._process.kill()
            await self._process.wait()
        if self._reader is not None:
            await self._reader

    def log(self) -> str:
        """The whole log so far, for a failing assertion's message."""
        return f"--- {self.name}\n" + "\n".join(self.lines)


async def _healthy(http: aiohttp.ClientSession, port: int) -> bool:
    try:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False
