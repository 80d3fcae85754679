"""The one clock the product reads business time from (frozen by `clock.now`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.dates import EARLIEST_YEAR

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATEST_YEAR = 2100
"""The last year business time may be set in (the ledger's plan years end there too); the
calendar reckons the year after the clock's, which past 9998 no date can hold."""


@dataclass(frozen=True)
class Clock:
    """Business time in Asia/Shanghai; `frozen` pins it for demos, drills and tests."""

    frozen: datetime | None = None

    def now(self) -> datetime:
        """Return the current business time, timezone-aware in Asia/Shanghai."""
        if self.frozen is not None:
            return self.frozen
        return datetime.now(SHANGHAI)

    def today(self) -> date:
        """Return today's date in Asia/Shanghai."""
        return self.now().date()

    @classmethod
    def parse(cls, text: str | None) -> Clock:
        """Build a clock from a `YYYY-MM-DD HH:MM` setting; empty means the real time."""
        if not text:
            return cls()
        return cls(parse_local_time(text))


def parse_local_time(text: str) -> datetime:
    """Parse `YYYY-MM-DD HH:MM` (or a bare date) as Asia/Shanghai time; ValueError for other
    text or a year outside EARLIEST_YEAR..LATEST_YEAR."""
    text = text.strip()
    fmt = "%Y-%m-%d %H:%M" if " " in text else "%Y-%m-%d"
    moment = datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"year {moment.year} is outside {EARLIEST_YEAR}..{LATEST_YEAR}")
    return moment
