"""What the weekly 包联 push says of itself, on the targets ledger (tests/support)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from scheduler.leader_weekly import leader_weekly
from storage.models import LightRecord, Project
from tests.support.digest_ledger import at
from tests.support.targets_ledger import targets_context


async def test_without_last_weeks_lights_the_push_says_it_compares_nothing(
    tmp_path: Path,
) -> None:
    # lights on record since 4-15 only (as the demo's since 11-25): none from a week before 4-20
    ctx = await targets_context(tmp_path, now="2026-04-20 09:30")
    async with ctx.db.write() as s:
        t1 = (await s.execute(select(Project).where(Project.code == "T1"))).scalar_one()
        s.add(LightRecord(project_id=t1.id, day=date(2026, 4, 15), color="yellow"))
    try:
        [push] = await leader_weekly(ctx, at("2026-04-20 09:30"))
    finally:
        await ctx.db.dispose()
    text = push.message.text
    assert "各位领导包联项目本周情况（上周亮灯未记录，暂不列变化）：" in text
    assert "与上周相比" not in text
    qian = next(line for line in text.splitlines() if line.startswith("@钱副区长"))
    assert "变化" not in qian
