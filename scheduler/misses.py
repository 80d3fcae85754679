"""Messages a job meant for a role (or a person) that nothing configured could carry.

Jobs note them while they compute their pushes (`JobContext.reach`, or `note` directly); the
runner records them once per job run, and the daily issue loop lists them for the office.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repos import undelivered

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Miss:
    """What was meant for whom, and why it could not go."""

    what: str
    target: str
    reason: str


_FOUND: ContextVar[list[Miss] | None] = ContextVar("diaodu_job_misses", default=None)


def note(miss: Miss) -> None:
    """Note a miss of the job being computed."""
    found = _FOUND.get()
    if found is None:
        log.warning(
            "undelivered, outside a job run: %s → %s (%s)", miss.what, miss.target, miss.reason
        )
        return
    found.append(miss)


@contextmanager
def collecting() -> Iterator[list[Miss]]:
    """Collect the misses noted inside the block (per task: concurrent jobs do not mix)."""
    found: list[Miss] = []
    token = _FOUND.set(found)
    try:
        yield found
    finally:
        _FOUND.reset(token)


async def record(session: AsyncSession, job_id: str, at: datetime, found: list[Miss]) -> int:
    """Store each miss once per job and day; how many were new."""
    new = 0
    for miss in found:
        tag = hashlib.sha1(f"{miss.what}|{miss.target}".encode()).hexdigest()[:16]
        new += await undelivered.record(
            session,
            key=f"job:{job_id}:{at:%Y-%m-%d}:{tag}",
            at=at,
            source=job_id,
            what=miss.what,
            target=miss.target,
            reason=miss.reason,
        )
    return new
