"""Whose projects a long reply covers (/亮灯, /未报, /问题清单) and how an argument narrows it.

By default anyone in a unit sees their unit (an owner, in /问题清单, their own projects), a
leader or the office everything. A unit's name (`/亮灯 北石店镇`, `/未报 西街`) narrows to that
unit — for people outside the leadership, only their own — and a light (`/亮灯 红灯`) to that
colour.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from core.messages import Reply
from handlers.context import Context
from storage.models import Unit
from storage.repos import projects
from storage.repos.ledger_repo import units_by_name

LIGHT_WORDS = {
    "red": ("红灯", "红", "red", "🔴"),
    "yellow": ("黄灯", "黄", "yellow", "🟡"),
}
BLUE_WORDS = ("蓝灯", "蓝", "blue", "🔵")  # in order: nothing to list one by one
# a light the office does not use (`/亮灯 绿灯`): not a unit's name either
OTHER_LIGHTS = re.compile(r"^(?:绿|橙|紫|白|黑|灰)灯?$|^(?:green|orange)$|^[🟢🟠🟣⚪⚫]$", re.I)


class Narrow(BaseModel):
    """`[单位或灯色]`."""

    model_config = ConfigDict(extra="forbid")
    narrow: str | None = Field(default=None, title="单位或灯色", max_length=50)


@dataclass(frozen=True)
class Scope:
    """The projects a reply covers: all, a unit's, or listed ones; and a colour, if any."""

    label: str
    """How the reply names it: `全部单位`, `北石店镇`, `您负责的项目`."""
    unit_id: int | None = None
    project_ids: tuple[int, ...] | None = None
    person_id: int | None = None
    color: str | None = None
    codes: tuple[str, ...] | None = None
    """The listed projects' codes (with `project_ids`)."""
    handed_unit_id: int | None = None
    """With `person_id`: the asker's unit, whose issues handed to it with nobody named are
    theirs to see too (its group was told to act on them)."""

    @property
    def everything(self) -> bool:
        """Whether the scope spans every unit (counts by unit are worth showing)."""
        return self.unit_id is None and self.project_ids is None


def sees_all(ctx: Context) -> bool:
    """Leaders and the office see every unit."""
    sender = ctx.sender
    return sender is not None and (sender.is_admin or sender.is_leader)


def light_word(ctx: Context, word: str) -> str | None:
    """`red`/`yellow` when `word` names a light (the configured labels too)."""
    lights = ctx.settings.lights
    labels = {"red": lights.red_label, "yellow": lights.yellow_label}
    for color, words in LIGHT_WORDS.items():
        if word.lower() in words or word == labels[color]:
            return color
    return None


async def default_scope(ctx: Context, *, own: bool = True) -> Scope:
    """What the asker sees without an argument; `own`: an owner sees their own projects
    (else their unit's, as /亮灯 and /未报 answer, SPEC §3)."""
    person = ctx.person
    if sees_all(ctx):
        return Scope("全部单位")  # 区 or 县: the scope is every unit, whatever the office is
    if own and person.is_owner:
        owned = await projects.owned_by(ctx.session, person.id)
        if owned:
            ids = tuple(project.id for project in owned)
            codes = tuple(project.code for project in owned)
            return Scope(
                "您负责的项目",
                project_ids=ids,
                person_id=person.id,
                codes=codes,
                handed_unit_id=person.unit_id,
            )
    unit = await ctx.session.get(Unit, person.unit_id) if person.unit_id else None
    if unit is None:
        return Scope("您负责的项目", project_ids=(), person_id=person.id, codes=())
    return Scope(unit.name, unit_id=unit.id)


async def find_unit(ctx: Context, word: str) -> Unit | Reply | None:
    """The unit `word` names (exactly, or as the one unit containing it); None when it names
    none that is close; a reply listing the candidates when it is ambiguous or a near miss."""
    units = await units_by_name(ctx.session)
    if word in units:
        return units[word]
    containing = [unit for name, unit in units.items() if word in name]
    if len(containing) == 1:
        return containing[0]
    names = [u.name for u in containing] or difflib.get_close_matches(word, list(units), 3, 0.5)
    if not names:
        return None
    message = f"“{word}”可能是：{'、'.join(sorted(names)[:5])}。请写出单位全称。"
    return Reply(template="replies/issue_error", data={"message": message})


async def unit_scope(ctx: Context, unit: Unit, color: str | None = None) -> Scope | Reply:
    """A unit's projects, if the asker may see them (leaders, the office, the unit's people)."""
    if not sees_all(ctx) and unit.id != ctx.person.unit_id:
        message = f"只能查看本单位的项目；{unit.name}的情况请向该单位或专班办公室了解。"
        return Reply(template="replies/issue_error", data={"message": message})
    return Scope(unit.name, unit_id=unit.id, color=color)


def _no_list_of(ctx: Context, light: str, usage: str) -> Reply | None:
    """Why a light named is not listed: blue is on schedule, and other colours are not lights."""
    lights = ctx.settings.lights
    if light.lower() in BLUE_WORDS or light == lights.blue_label:
        message = (
            f"{lights.blue_label}项目进度正常，不逐个列出：发送“/亮灯”看红灯、黄灯，"
            "“/项目 项目名”看单个项目，“/看板”看全部项目。"
        )
    elif OTHER_LIGHTS.match(light):
        message = (
            f"亮灯只分{lights.red_label}、{lights.yellow_label}、{lights.blue_label}三色，"
            f"没有“{light[:10]}”。用法：{usage}"
        )
    else:
        return None
    return Reply(template="replies/notice", data={"message": message})


async def narrowed(
    ctx: Context, narrow: str | None, usage: str, *, own: bool = True
) -> Scope | Reply:
    """The scope of `/亮灯 [单位或灯色]`-style arguments; a reply when they name nothing."""
    word = (narrow or "").strip()
    base = await default_scope(ctx, own=own)
    if not word:
        return base
    if color := light_word(ctx, word):
        return dataclasses.replace(base, color=color)
    parts = word.split()
    if notice := _no_list_of(ctx, parts[-1], usage):
        return notice
    if len(parts) == 2 and (color := light_word(ctx, parts[1])):  # `/亮灯 北石店镇 红灯`
        word = parts[0]
    found = await find_unit(ctx, word)
    if isinstance(found, Unit):
        return await unit_scope(ctx, found, color)
    if found is None:
        message = f"没有找到单位“{word[:20]}”。用法：{usage}"
        return Reply(template="replies/issue_error", data={"message": message})
    return found
