"""What a scheduled job is given, and what it gives back (pushes, never sends)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from core.messages import Mention, OutboundMessage
from core.reach import role_name
from core.settings import GroupSettings, Settings
from domain.budget import Budget
from domain.calendar import WorkCalendar
from scheduler.misses import Miss, note
from storage.db import Database


class Render(Protocol):
    """Renders a template with data, within a budget when one is given, for a platform's
    markup when a dialect is given (bot.render.Renderer)."""

    def __call__(
        self,
        template: str,
        data: Mapping[str, Any],
        budget: Budget | None = None,
        *,
        dialect: str | None = None,
    ) -> str: ...


@dataclass(frozen=True)
class JobContext:
    """Storage, settings, the working calendar and the template renderer."""

    db: Database
    settings: Settings
    calendar: WorkCalendar
    render: Render
    dry_run: bool = False
    """Compute and show pushes only: jobs that also change state (escalation) change nothing."""

    def reported_as_of(self, at: datetime) -> datetime | None:
        """When a job judges who had reported (and who had asked for leave): a preview at its
        own time `at` (what it would have said then, later reports and 请假 not counted); a run
        that sends, None — every report and leave so far (a push sent late, after a restart,
        must not @ an owner who has reported or asked for leave since)."""
        return at if self.dry_run else None

    def groups(self, role: str) -> list[GroupSettings]:
        """The configured groups of one role (`owners`, `leaders`, `office`, `unit:<单位>`)."""
        return [group for group in self.settings.groups if group.role == role]

    def reach(self, role: str, what: str) -> list[GroupSettings]:
        """The groups of `role` for a message that must reach someone; none is noted as a miss."""
        groups = self.groups(role)
        if not groups:
            name = role_name(role)
            note(Miss(what=what, target=name, reason=f"没有配置{name}"))
        return groups

    def budget(self, role: str) -> Budget:
        """The phone budget of a group role's pushes (or `person` for 1:1 messages)."""
        return self.settings.messages.for_role(role)

    def unit_groups(self) -> list[GroupSettings]:
        """Every `unit:<单位>` group."""
        return [group for group in self.settings.groups if group.role.startswith("unit:")]


@dataclass(frozen=True)
class Push:
    """One message for one group, with the key that makes it happen once."""

    group: GroupSettings
    key: str
    message: OutboundMessage
    leaders: tuple[str, ...] = ()
    """The 包联 leaders whose own projects it is about, by name: its dashboard link opens
    theirs (scheduler.leader_links)."""

    @classmethod
    def of(
        cls,
        ctx: JobContext,
        group: GroupSettings,
        occasion: str,
        template: str,
        data: Mapping[str, Any],
        mentions: tuple[Mention, ...] = (),
    ) -> Push:
        """Render `template` for `group` within its budget; the key is (occasion, destination)."""
        text = ctx.render(template, data, ctx.budget(group.role), dialect=group.platform)
        key = f"{occasion}:{group.platform}:{group.name}"
        return cls(group, key, OutboundMessage(text=text, mentions=mentions))


JobResult = list[Push]


def occasion(job_id: str, label: str) -> str:
    """The idempotency prefix of one run of one job for one period (`nudge:2025-W17`)."""
    return f"{job_id}:{label}"


def local_date(at: datetime) -> str:
    """`2025-04-21` for keys of daily jobs."""
    return at.date().isoformat()
