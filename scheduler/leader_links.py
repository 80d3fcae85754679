"""Dashboard links that open one 包联 leader's projects (`/dashboard/projects?leader=…`).

A push about leaders' own projects (`Push.leaders`, leader_weekly's) links each leader to
theirs: about one leader, its 详见看板 link does; about several, a link goes under each
leader's `@` line — when they all fit the phone budget. Ten leaders' links are more than
900 characters by themselves, and a message cut short or some leaders linked and others not
would be worse: then the push keeps the one link to the overview.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from domain.budget import Budget, fits

LINE = "详见看板："
Link = Callable[[str], str]
"""A leader's name → the link shown for them."""


def under_each_leader(
    text: str, leaders: Sequence[str], link: Link, longest: Link, budget: Budget
) -> str | None:
    """`text` with each leader's `link` under their `@` line; None when a leader's line is not
    found or the links do not fit `budget` — measured with `longest`, links as long as the
    real ones, for a dry run shows a short stand-in."""
    lines = text.splitlines()
    found = {name: _line_of(lines, name) for name in leaders}
    below = {index: name for name, index in found.items() if index is not None}
    if len(below) != len(leaders) or not fits(_inserted(lines, below, longest), budget):
        return None
    return _inserted(lines, below, link)


def _line_of(lines: list[str], name: str) -> int | None:
    """The line a leader's section starts with (`@name …`)."""
    for index, line in enumerate(lines):
        if line == f"@{name}" or line.startswith(f"@{name} "):
            return index
    return None


def _inserted(lines: list[str], below: dict[int, str], link: Link) -> str:
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if index in below:
            out.append(f"{LINE}{link(below[index])}")
    return "\n".join(out)
