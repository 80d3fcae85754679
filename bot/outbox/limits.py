"""Per-robot sliding-window rate limit and exponential back-off, as pure calculations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW = timedelta(seconds=60)
SECOND = timedelta(seconds=1)


class RateWindow:
    """Send times per robot over the last minute, plus pauses a robot asked for."""

    def __init__(self) -> None:
        self._sends: dict[str, list[datetime]] = {}
        self._paused: dict[str, datetime] = {}

    def seed(self, robot: str, sends: Iterable[datetime]) -> None:
        """Replace what is known of `robot`'s recent sends (the database is the truth)."""
        self._sends[robot] = sorted(sends)

    def record(self, robot: str, at: datetime) -> None:
        """Count one request delivered to `robot` at `at`."""
        self._sends.setdefault(robot, []).append(at)

    def pause(self, robot: str, until: datetime) -> None:
        """Send nothing to `robot` before `until`."""
        self._paused[robot] = max(until, self._paused.get(robot, until))

    def free_at(
        self, robot: str, now: datetime, per_minute: int, per_second: int | None = None
    ) -> datetime:
        """The earliest time, `now` or later, when one more send keeps within the limits."""
        recent = [at for at in self._sends.get(robot, []) if at > now - WINDOW]
        self._sends[robot] = recent
        free = _free(recent, now, WINDOW, per_minute)
        if per_second is not None:
            free = max(free, _free(recent, now, SECOND, per_second))
        paused = self._paused.get(robot)
        if paused is not None and paused > free:
            return paused
        return free


def _free(sends: list[datetime], now: datetime, span: timedelta, limit: int) -> datetime:
    inside = [at for at in sends if at > now - span]
    return inside[len(inside) - limit] + span if len(inside) >= limit else now


def backoff_seconds(
    attempts: int, base: float, cap: float, retry_after: float | None = None
) -> float:
    """Wait before try number `attempts + 1`: base·2^(attempts−1), capped, at least retry_after."""
    delay = min(base * 2 ** max(attempts - 1, 0), cap)
    return max(delay, retry_after or 0.0)
