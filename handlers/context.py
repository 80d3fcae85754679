"""What a handler is given: the message, the sender, one transaction and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import InboundMessage, Reply
from core.settings import Settings
from domain.calendar import WorkCalendar
from domain.periods import DueTime, Period, deadline
from storage.models import Person


@dataclass
class Push:
    """A message a handler wants sent to the groups of one role (goes through the outbox)."""

    role: str
    reply: Reply
    key: str


@dataclass
class Context:
    """Everything one handler call may use; writes go through `session` (one transaction)."""

    session: AsyncSession
    settings: Settings
    calendar: WorkCalendar
    msg: InboundMessage
    now: datetime
    sender: Person | None
    pushes: list[Push] = field(default_factory=list)
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    """Reports that waited for the sender to say which project, taken as a report came instead
    of the answer (handlers.reports.answers): the report's reply says which were dropped."""
    confirm_left: bool | None = None
    """Whether a report held for 确认 still waits for the sender once the message's answers
    were taken (handlers.reports.answers); None: not looked at. A report's reply reads what
    waits again only where something may (handlers.reports.holding)."""

    @property
    def person(self) -> Person:
        """The sender as the ledger knows them: for commands a stranger may not run."""
        # `dispatch` answers an unknown sender before any such handler runs.
        if self.sender is None:
            raise LookupError("a command for known people ran for an unknown sender")
        return self.sender

    @property
    def today(self) -> date:
        """Business date of the message."""
        return self.now.date()

    def report_due(self, period: Period) -> datetime | None:
        """When `period`'s weekly report falls due (its deadline, moved off days off)."""
        due_time = DueTime.parse(self.settings.schedule.report_deadline)
        return deadline(period, self.calendar, **due_time._asdict())

    def push(self, role: str, reply: Reply, key: str) -> None:
        """Queue a push to every group of `role`, once per `key`."""
        self.pushes.append(Push(role, reply, key))
