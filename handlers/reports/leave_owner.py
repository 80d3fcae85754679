"""`/请假` from someone who owns no project: a leave only excuses one's own projects."""

from __future__ import annotations

from handlers.context import Context
from storage.repos import people, projects


async def owns_nothing(ctx: Context, words: list[str], dates: str) -> str | None:
    """Why the sender's leave would excuse nothing, with whom to ask instead; None for an owner.
    `dates`: the leave's dates as the example writes them (`12月7日-12月11日`).

    A town's 联络员 sending `/请假 12月7日-12月11日 张伟` for the owner 张伟 was told the leave
    was hers, with 张伟 as her stand-in: 张伟 went on being chased and counted 未报."""
    if await projects.owned_by(ctx.session, ctx.person.id):
        return None
    owner = await _owner_named(ctx, words)
    if owner is None:
        return "您名下没有需要填报的项目，无需请假。责任人请假请由其本人发送“/请假 起止日期”"
    return (
        f"您名下没有需要填报的项目，请假只能由责任人本人登记：请 {owner} 发送"
        f"“/请假 {dates}”（有人代报时写上代报人，如“/请假 {dates} {ctx.person.name}”），"
        "或联系专班办公室"
    )


async def _owner_named(ctx: Context, words: list[str]) -> str | None:
    """The first word that names (or, as the usage allows, is the mobile of) exactly one person
    owning a project."""
    for word in words:
        by_mobile = await people.by_mobile(ctx.session, word)
        found = [by_mobile] if by_mobile else await people.by_name(ctx.session, word)
        if len(found) == 1 and await projects.owned_by(ctx.session, found[0].id):
            return found[0].name
    return None
