"""SQLite's election: an exclusive lock on a file beside the database, held by the kernel.

The lock (flock, through the `filelock` package) is released when its holder closes it or dies,
so a crashed holder never leaves a stale lock behind; the file itself stays, empty.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import make_url


def lock_path(url: str, role: str) -> Path | None:
    """`<database file>.<role>.lock`, or None for an in-memory database (one process only)."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in role)
    return Path(database).with_name(f"{Path(database).name}.{safe}.lock")


class LockFile:
    """A non-blocking exclusive lock on one file (always granted without a file)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        # Only a real flock: a "soft" lock (the file's existence) would outlive a killed holder.
        # The file stays: deleting a flocked file lets a newcomer lock a new file beside it.
        self._lock = (
            FileLock(path, timeout=0, fallback_to_soft=False, preserve_lock_file=True)
            if path is not None
            else None
        )

    async def acquire(self) -> bool:
        """Take the lock if no other process (or object) holds it."""
        if self._lock is None:
            return True
        if self._lock.is_locked:
            return True
        try:
            self._lock.acquire()
        except Timeout:
            return False
        return True

    async def confirm(self) -> bool:
        """Whether the lock is still held (the kernel keeps it while this process lives)."""
        return self._lock is None or self._lock.is_locked

    async def release(self) -> None:
        """Let another process take it."""
        if self._lock is not None and self._lock.is_locked:
            self._lock.release(force=True)

    def holder(self) -> str:
        """Who holds the lock, as far as this process can tell."""
        return f"another process (lock file {self.path})"
