"""Finding the project a message names, or the reply that says which ones it might mean."""

from __future__ import annotations

from typing import Any

from core.messages import Reply
from handlers.context import Context
from storage.models import Project
from storage.project_refs import names_exactly, unwrapped
from storage.repos import projects
from storage.repos.projects import MAX_CANDIDATES, Resolution


async def not_found_data(ctx: Context, ref: str, found: Resolution) -> dict[str, Any]:
    """Template data of `replies/project_not_found`: the candidates, never a guess; of a name
    several projects share, the sender's own first (an owner of 西街老旧小区 typing 老旧小区
    was shown five others), and how many more there are."""
    shown, more = found.candidates, 0
    if found.ambiguous:
        own = {p.id for p in await projects.owned_by(ctx.session, ctx.person.id)}
        ranked = sorted(found.matches, key=lambda p: p.id not in own)
        shown, more = ranked[:MAX_CANDIDATES], max(0, len(ranked) - MAX_CANDIDATES)
    names = [f"{p.name}（{p.code}）" for p in shown]
    ids = [p.id for p in shown]
    ref = unwrapped(ref) or ref  # as looked up: 没有找到“火星产业园”, not “「火星产业园」”
    return {"ref": ref, "ambiguous": found.ambiguous, "candidates": names, "ids": ids, "more": more}


async def resolve(ctx: Context, ref: str, *, reporting: bool = False) -> Resolution:
    """The project `ref` names as `projects.resolve` finds it; of a name several projects
    share, the one the sender is an owner of when there is exactly one (李娜 typing 老旧小区
    means hers, not six others'; the reply names it in full). `reporting`: a report names the
    sender's own project too when the name is another's alias but also part of exactly one of
    theirs (老旧小区改造, the district's project, in 西街街道老旧小区改造项目's report)."""
    ref = unwrapped(ref)  # `「物流园」` copied from a notice: its short name, as typed bare
    found = await projects.resolve(ctx.session, ref)
    if ctx.sender is None or not (found.ambiguous or (reporting and found.project is not None)):
        return found
    chosen = found.project
    if chosen is not None and (
        names_exactly(ref, chosen)  # named exactly: that one, whoever asks
        or await projects.is_owner(ctx.session, chosen.id, ctx.sender.id)
    ):
        return found
    owned = await projects.owned_by(ctx.session, ctx.sender.id)
    if chosen is not None:
        mine = [p for p in owned if _names(ref, p)]
    else:
        own = {p.id for p in owned}
        mine = [p for p in found.matches if p.id in own]
    return Resolution(project=mine[0]) if len(mine) == 1 else found


def _names(ref: str, project: Project) -> bool:
    """Whether `ref` is part of the project's name or of one of its short names."""
    return ref in project.name or any(
        ref in alias for alias in projects.aliases_of(project.aliases)
    )


async def find_project(ctx: Context, ref: str) -> Project | Reply:
    """The project `ref` names, or the reply listing the closest candidates."""
    found = await resolve(ctx, ref)
    if found.project is not None:
        return found.project
    return Reply(template="replies/project_not_found", data=await not_found_data(ctx, ref, found))
