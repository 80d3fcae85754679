"""A database worker: a thread with its own event loop and engine, for work off the caller's loop.

What runs there (a group of chat writes, a query over every project) costs the web server's
loop nothing but the hand-over: on SQLite its statements run inline in that thread (no
aiosqlite hop per statement), and a busy database makes that thread wait, never the loop.
On PostgreSQL the worker's loop drives its own asyncpg pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from storage.db import Database

T = TypeVar("T")


class DbWorker:
    """One thread, one loop, one Database (built in that thread, used only there)."""

    def __init__(
        self,
        url: str,
        *,
        name: str,
        echo: bool = False,
        busy_timeout_ms: int = 5000,
        read_only: bool = False,
    ) -> None:
        self._loop = asyncio.new_event_loop()
        self._options: dict[str, Any] = {
            "echo": echo,
            "busy_timeout_ms": busy_timeout_ms,
            "inline": True,
            "read_only": read_only,
        }
        self._url = url
        self._database: Database | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()
        self._ready.wait()
        self.busy = 0
        """Calls under way (a pool of workers gives new work to the least busy)."""

    @property
    def database(self) -> Database:
        """The worker's own database; use it only in coroutines run by `call`."""
        if self._database is None:
            raise RuntimeError("the worker is closed")
        return self._database

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._database = Database(self._url, **self._options)
        with contextlib.suppress(Exception):  # a database not reachable yet says so on use
            self._loop.run_until_complete(self._database.warm_up())
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    async def call(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` on the worker's loop and wait for its result here."""
        self.busy += 1
        try:
            return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self._loop))
        finally:
            self.busy -= 1

    async def close(self) -> None:
        """Close the worker's connections and end its thread."""
        if self._database is None:
            return
        await self.call(self._database.dispose())
        self._database = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join)
