"""The shape of a slash command: names, who may run it, typed arguments and usage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.messages import Reply
from handlers.context import Context
from storage.models import Person


class Role(StrEnum):
    """Who may run a command (SPEC §1)."""

    ANYONE = "anyone"  # even a sender the ledger does not know
    MEMBER = "member"  # any known person
    LEADER = "leader"  # 包联/分管 leaders and admins
    ADMIN = "admin"  # 专班办公室


ROLE_NAMES = {
    Role.MEMBER: "已登记人员",
    Role.LEADER: "包联领导或专班办公室",
    Role.ADMIN: "专班办公室管理员",
}


class NoArgs(BaseModel):
    """A command without arguments."""

    model_config = ConfigDict(extra="forbid")


Handler = Callable[[Context, Any], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    """One row of the command table."""

    name: str
    aliases: tuple[str, ...]
    role: Role
    args: type[BaseModel]
    handler: Handler
    usage: str
    summary: str
    reads_only: bool = False
    """Answers from what is stored and changes nothing: it runs on a reader thread, beside the
    writes instead of inside them (a command that writes after all is run again as a write)."""
    rule: str = ""
    """Who may use it, when the summary cannot say so: shown by `/帮助 <命令>` alone, since
    `/帮助 全部` must fit a phone (SPEC §8)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the command answers to."""
        return (self.name, *self.aliases)


def may_run(command: Command, person: Person | None) -> bool:
    """Whether `person` (None: a sender the ledger does not know) may run `command`."""
    if command.role is Role.ANYONE:
        return True
    if person is None:
        return False
    return {
        Role.MEMBER: True,
        Role.LEADER: person.is_leader or person.is_admin,
        Role.ADMIN: person.is_admin,
    }[command.role]
