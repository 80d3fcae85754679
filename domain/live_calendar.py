"""The calendar of a running server: re-read when the holidays file changes, no restart."""

from __future__ import annotations

import logging
from pathlib import Path

from domain.calendar import WorkCalendar

log = logging.getLogger(__name__)

Stamp = tuple[int, int] | None


class LiveCalendar:
    """Holds the current `WorkCalendar`; `refresh` swaps in a new one when the file changed.

    A new object rather than an update in place: rules cache answers per calendar object, so a
    reloaded file must not be served from answers computed on the old one.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp = _stamp(path)
        self.current = WorkCalendar.load(path)

    def refresh(self) -> bool:
        """Reload when the file changed since the last look; True when the calendar changed."""
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            self.current = WorkCalendar.load(self.path)
        except ValueError as exc:  # keep serving the last good calendar; say why once
            log.error("节假日文件改动后无法读取，继续使用原来的数据：%s", exc)
            return False
        log.info("节假日文件 %s 已重新读取", self.path)
        return True


def _stamp(path: Path | None) -> Stamp:
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
