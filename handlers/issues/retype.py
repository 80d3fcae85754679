"""A /交办 with a misspelt unit or person: the command as it was meant, ready to copy."""

from __future__ import annotations

from handlers.context import Context
from handlers.issues.args import IssueAssign
from handlers.issues.support import closest_names, handler_and_deadline


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
