"""New projects whose 项目代码 is one character off a project the file leaves out: most often
that project's code mistyped (next year's plan file, typed up in December), which would add a
second project, judged and chased apart from the first, with no word of it."""

from __future__ import annotations

from collections.abc import Collection
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Project

MIN_CODE = 8
"""Shorter codes (P1, P2) are one character apart by design: no slip to suspect."""
ALIKE = 0.6
"""How alike two names must be (difflib's ratio) for codes one character apart to look like a
slip: codes numbered in a row (…011961, …011962) are one character apart by design too."""


def one_off(a: str, b: str) -> bool:
    """Whether `b` is `a` with one character changed, added, dropped, or two neighbours
    swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    first = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), None)
    at = len(short) if first is None else first
    return short[at:] == long[at + 1 :]


async def near_codes(
    session: AsyncSession, new: list[dict[str, Any]], listed: Collection[str]
) -> list[str]:
    """`新 code（name）像是 old code（name）` for each new project (`new`: code and name) one
    character off an active project the file does not list (`listed`: its codes); one named
    as that project is left to the same-name note."""
    new = [v for v in new if len(v["code"]) >= MIN_CODE]
    if not new:
        return []
    statement = select(Project.code, Project.name).where(Project.active.is_(True))
    left_out = [
        (code, name)
        for code, name in await session.execute(statement)
        if code not in listed and len(code) >= MIN_CODE
    ]
    said = []
    for values in new:
        code, name = values["code"], values["name"]
        near = [(c, n) for c, n in left_out if one_off(code, c) and _alike(name, n)]
        said += [f"{code}（{name}）像是 {c}（{n}）" for c, n in near[:1]]
    return said


def _alike(name: str, other: str) -> bool:
    """Whether two different names may be one project's (`智慧物流园`, `城区智慧物流园项目`):
    one holds the other, or most of their letters agree; the same name is left to the
    same-name note."""
    if name == other:
        return False
    one, two = (n.removesuffix("项目").removesuffix("工程") for n in (name, other))
    if one in two or two in one:
        return True
    return SequenceMatcher(None, one, two).ratio() >= ALIKE
