"""Who a message about an issue reaches, from the configured groups and the assignee's accounts.

An issue's messages go to the group of the unit handling it. A unit without a group is told
in the owners groups instead (the leaders groups when the person named is a leader: they are
not in the owners' groups), which reaches the assignee only when a person is named who can be
@'d there (an account on that platform; on the local platform the mobile is the account).
When nobody responsible is reached, `missed` says why, so the sender and the office know.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from core.settings import GroupSettings

OWNERS = "owners"
LEADERS = "leaders"
ROLE_NAMES = {"owners": "责任人群", "leaders": "领导群", "office": "专班办公室群"}


@dataclass(frozen=True)
class Reach:
    """The role to push to (None: no group at all) and why the assignee is not reached."""

    role: str | None
    missed: str | None = None


def issue_reach(
    groups: Sequence[GroupSettings],
    unit: str,
    person: str | None,
    person_platforms: Collection[str] = (),
    *,
    leader: bool = False,
) -> Reach:
    """Where a message for `unit` (and the assigned `person`, if any, a leader or not) goes,
    and if it fails."""
    role = f"unit:{unit}"
    if any(group.role == role for group in groups):
        return Reach(role)
    platforms = {*person_platforms, "local"}
    leaders = [group for group in groups if group.role == LEADERS]
    if leader and person is not None and any(group.platform in platforms for group in leaders):
        return Reach(LEADERS)
    owners = [group for group in groups if group.role == OWNERS]
    if person is not None and any(group.platform in platforms for group in owners):
        return Reach(OWNERS)
    why = f"{unit}没有配置单位群"
    if person is not None:
        why += f"，{person}也没有在群所在平台绑定账号"
    shown = "、".join(group.name for group in owners)
    where = f"消息只发到了{shown}，{person or unit}收不到" if owners else "消息没有发到任何群"
    return Reach(OWNERS if owners else None, f"{why}；{where}")


def role_name(role: str) -> str:
    """How people call the groups of a role."""
    if role.startswith("unit:"):
        return f"{role.removeprefix('unit:')}单位群"
    return ROLE_NAMES.get(role, role)
