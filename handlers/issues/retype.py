"""A /交办 with a misspelt unit or person: the command as it was meant, ready to copy, and
run when the office answers `是` (its very next message, the same day)."""

from __future__ import annotations

from handlers.context import Context
from handlers.issues.args import IssueAssign
from handlers.issues.support import closest_names, handler_and_deadline
from storage.repos import pending


async def corrected(ctx: Context, args: IssueAssign) -> str | None:
    """The /交办 command with its one misspelt word replaced by the one name close to it, when
    that command then names a handler and a deadline; else None (no single sure fix)."""
    words = [args.assignee, *args.deadline.split()]
    fixes: list[tuple[int, str]] = []
    for at, word in enumerate(words):
        close = await closest_names(ctx, word)
        if close and close[0] != word:
            fixes.append((at, close[0]))
    for at, name in fixes:
        fixed = [*words[:at], name, *words[at + 1 :]]
        # only a command that would go through is offered: the handler and deadline resolve
        if not isinstance(await handler_and_deadline(ctx, fixed[0], " ".join(fixed[1:])), str):
            return f"/交办 #{args.number} {' '.join(fixed)}"
    return None


async def offer(ctx: Context, command: str) -> None:
    """Keep `command` for the sender's `是` (an earlier offer gives way to it)."""
    person_id = ctx.person.id
    await pending.take(ctx.session, person_id, (pending.ASSIGN,))
    day = ctx.today.isoformat()
    items = [{"command": command}]
    await pending.ask(ctx.session, person_id, pending.ASSIGN, period=day, at=ctx.now, items=items)


async def accepted(ctx: Context, yes: bool) -> str | None:
    """The command offered to the sender, when this message (`yes`: it is a `是`) accepts it;
    any message but a look-up takes the offer, so only the next one may accept it, and only
    on its day."""
    taken = await pending.take(ctx.session, ctx.person.id, (pending.ASSIGN,))
    if not yes or not taken or taken[0].period != ctx.today.isoformat():
        return None
    items = pending.items_of(taken[0])
    return str(items[0]["command"]) if items else None
