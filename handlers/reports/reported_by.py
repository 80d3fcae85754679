"""Who sent a report for a project someone else owns: said in the reply, as /未报 says it."""

from __future__ import annotations

from handlers.context import Context
from storage.models import Project
from storage.repos import projects


async def on_behalf(ctx: Context, project: Project) -> dict[str, object] | None:
    """The sender and the project's owners when the sender is not one of them; None for an
    owner's own report or a project with no owner. A town's staff reporting 张伟's project got
    the owner's reply word for word: the group could not tell 张伟 had not reported himself."""
    if await projects.is_owner(ctx.session, project.id, ctx.person.id):
        return None  # the ordinary report: answered from the ledger in memory, no query
    owners = await projects.owners_of(ctx.session, project.id)
    if not owners or any(owner.id == ctx.person.id for owner in owners):
        return None
    return {"reporter": ctx.person.name, "owners": [owner.name for owner in owners]}
