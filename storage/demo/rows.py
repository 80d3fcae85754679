"""The demo ledger's rows: a person of the 人员 sheet, a project of the 项目 sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.demo.names import Entry
from storage.demo.schedule import Schedule

KEY_LINE_WAN = 5_000


@dataclass
class Person:
    """A row of the 人员 sheet; accounts are (企业微信, 钉钉, 飞书)."""

    name: str
    mobile: str
    unit: str
    roles: list[str]
    accounts: tuple[str, ...] = ("", "", "")


@dataclass
class Project:
    """A row of the 项目 sheet with its milestones; amounts in hundredths of 万元."""

    entry: Entry
    category: str
    annual: int
    when: Schedule
    code: str = ""
    level: str = "一般"
    total: int = 0
    monthly: list[int] | None = None
    owner: Person | None = None
    leader: Person | None = None
    milestones: list[tuple[str, date, date | None]] = field(default_factory=list)

    @property
    def is_key(self) -> bool:
        """Whether the annual plan reaches the key-project line (5000万)."""
        return self.annual >= KEY_LINE_WAN * 100
