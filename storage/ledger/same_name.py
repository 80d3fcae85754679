"""Projects named as another: one entered again under a new code is judged twice, and one
renamed to another's name (a 项目代码 pasted onto the wrong row, most often) is another's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Project


async def named_alike(session: AsyncSession, new: list[dict[str, Any]]) -> list[str]:
    """New or renamed projects (`new`: name and code) named as another project in the ledger
    (or as another of them): a project entered again under a new code, which would be judged
    and chased twice, or a code on the wrong row."""
    names = [values["name"] for values in new]
    found: list[tuple[str, str]] = [(v["name"], v["code"]) for v in new]
    for start in range(0, len(names), 500):  # a first import's thousands, in bounded queries
        chunk = names[start : start + 500]
        statement = select(Project.name, Project.code).where(
            Project.active.is_(True), Project.name.in_(chunk)
        )
        found += [(name, code) for name, code in await session.execute(statement)]
    codes: dict[str, list[str]] = {}
    for name, code in found:
        codes.setdefault(name, []).append(code)
    return [
        f"{name}（{'、'.join(sorted(set(c)))}）" for name, c in codes.items() if len(set(c)) > 1
    ]
