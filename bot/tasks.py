"""Owned background tasks: referenced, logged on failure, cancelled on shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskGroup:
    """Keeps every background task it starts until it ends or the group closes."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._services: set[asyncio.Task[Any]] = set()

    def start(
        self, coro: Coroutine[Any, Any, Any], name: str, *, service: bool = False
    ) -> asyncio.Task[Any]:
        """Run `coro` in the background under `name`, logging any failure.

        A `service` runs until cancelled (a worker loop) and is cancelled at once on close;
        other tasks get a grace period to finish their work.
        """
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        if service:
            self._services.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._services.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())

    async def close(self, grace: float = 5.0) -> None:
        """Let running tasks finish for `grace` seconds, then cancel the rest."""
        for task in self._services:
            task.cancel()
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def __len__(self) -> int:
        return len(self._tasks)
