"""1:1 pushes: a person's own projects sent to them through a bot's app (`direct = true`)
where they have an account on its platform; the others stay in the group message."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.direct import PERSON_ROLE, person_destination
from core.settings import BotSettings, GroupSettings
from scheduler.audience import identities
from scheduler.context import JobContext, Push
from storage.models import Person, Project, ProjectOwner

Reach = dict[int, tuple[BotSettings, str]]
"""person id → the bot that sends to them and their account on its platform."""


async def reachable(ctx: JobContext, session: AsyncSession, people: Iterable[Person]) -> Reach:
    """The people a 1:1 message reaches, by the first direct bot whose platform they are on."""
    wanted = list(people)
    found: Reach = {}
    for bot in ctx.settings.bots:
        if not bot.direct:
            continue
        accounts = await identities(session, bot.platform)
        for person in wanted:
            if person.id not in found and person.id in accounts:
                found[person.id] = (bot, accounts[person.id])
    return found


def to_person(
    ctx: JobContext,
    bot: BotSettings,
    account: str,
    occasion: str,
    template: str,
    data: Mapping[str, Any],
) -> Push:
    """A push of `template` to one person, within the `person` budget, once per occasion."""
    # A destination like a group's, so the outbox, the dry run and the keys treat it alike.
    group = GroupSettings.model_construct(
        name=person_destination(bot.name, account), platform=bot.platform, role=PERSON_ROLE
    )
    return Push.of(ctx, group, occasion, template, data)


async def owned_codes(session: AsyncSession, people: Iterable[int]) -> dict[int, set[str]]:
    """person id → codes of the active projects they own."""
    ids = sorted(set(people))
    if not ids:
        return {}
    statement = (
        select(ProjectOwner.person_id, Project.code)
        .join(Project, Project.id == ProjectOwner.project_id)
        .where(ProjectOwner.person_id.in_(ids), Project.active.is_(True))
    )
    found: dict[int, set[str]] = {}
    for person_id, code in await session.execute(statement):
        found.setdefault(person_id, set()).add(code)
    return found
