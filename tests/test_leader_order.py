"""The 包联 leaders in the same order wherever leaders are listed: most red first.

On the targets ledger (tests/support/targets_ledger.py) every project is red on 2026-04-27/28;
钱副区长 (first in the ledger) 包联 T1–T3, 孙副区长 T4, T5 and here T6, T7 as well: 4 reds.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from scheduler.digest import biweekly_digest
from scheduler.leader_weekly import leader_weekly
from storage.models import Person, Project, ProjectLeader
from tests.support.digest_ledger import at
from tests.support.targets_ledger import targets_context


def _leaders(text: str) -> list[str]:
    """The @-named leaders' lines, in order, by name."""
    return [line.split()[0] for line in text.splitlines() if line.startswith("@")]


async def test_the_digest_lists_the_leader_with_most_reds_first_as_leader_weekly(
    tmp_path: Path,
) -> None:
    ctx = await targets_context(tmp_path, now="2026-04-28 08:30")
    async with ctx.db.write() as s:
        sun = (await s.execute(select(Person).where(Person.name == "孙副区长"))).scalar_one()
        for project in (
            await s.execute(select(Project).where(Project.code.in_(["T6", "T7"])))
        ).scalars():
            s.add(ProjectLeader(project_id=project.id, person_id=sun.id))
    try:
        [digest] = await biweekly_digest(ctx, at("2026-04-28 08:30"))
        [weekly] = await leader_weekly(ctx, at("2026-04-27 09:30"))
    finally:
        await ctx.db.dispose()
    assert "@孙副区长 4 个：🔴 红灯 4" in digest.message.text
    assert _leaders(digest.message.text) == ["@孙副区长", "@钱副区长"]
    assert _leaders(weekly.message.text) == ["@孙副区长", "@钱副区长"]
