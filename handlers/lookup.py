"""Finding the project a message names, or the reply that says which ones it might mean."""

from __future__ import annotations

from typing import Any

from core.messages import Reply
from handlers.context import Context
from storage.models import Project
from storage.repos import projects
from storage.repos.projects import Resolution


def not_found_data(ref: str, found: Resolution) -> dict[str, Any]:
    """Template data of `replies/project_not_found`: the candidates, never a guess."""
    names = [f"{p.name}（{p.code}）" for p in found.candidates]
    return {"ref": ref, "ambiguous": found.ambiguous, "candidates": names}


async def find_project(ctx: Context, ref: str) -> Project | Reply:
    """The project `ref` names, or the reply listing the closest candidates."""
    found = await projects.resolve(ctx.session, ref)
    if found.project is not None:
        return found.project
    return Reply(template="replies/project_not_found", data=not_found_data(ref, found))
