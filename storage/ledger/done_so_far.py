"""The year's investment done so far, read from a ledger column (`1-10月累计完成投资`): where
the bot starts from when an office begins in the middle of a year. Without it every project
would stand at 0 against 序时 (all red, every unit last in the ranking) and the first month's
月报表 would count the whole year as that month's.

Each figure is stored as a report of that month, by the project's first owner, received at that
month's end and marked as the ledger's (`source_msg_id` LEDGER); 序时 judges it as any figure
not renewed since (`domain.plan.figure_day`: to the end of the last closed week). What owners
report in chat wins: a project with a report of that month or a later one keeps its own
figures; the ledger's own figure of the month is replaced when a later import changes it.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from domain.periods import month_end, period_of, previous
from storage.ledger.checks import wan
from storage.ledger.counts import DoneSoFar
from storage.ledger.names import DONE_SO_FAR, done_month
from storage.ledger.parse import Parsed
from storage.ledger.rows import ProjectRow
from storage.models import ProjectOwner, Report
from storage.repos.reports import CURRENT

LEDGER = "ledger"
"""`source_msg_id` of the reports a ledger import stored."""


async def write_done_so_far(
    session: AsyncSession,
    rows: list[Parsed[ProjectRow]],
    ids: dict[str, int],
    today: date,
) -> DoneSoFar | None:
    """Store the column's figures (None: the file has no such column)."""
    column = next((r.columns[DONE_SO_FAR] for r in rows if DONE_SO_FAR in r.columns), None)
    if column is None:
        return None
    done = DoneSoFar(header=column.header)
    named_year, month = done_month(column.header) or (None, 0)
    year = named_year or today.year
    if year != today.year or not 1 <= month <= today.month:
        done.refused = f"“{column.header}”不是今年已过的月份，未导入（完成投资只导入今年的）"
        return done
    done.month = month
    label = f"{year}-{month:02d}"
    figures = {
        ids[r.data.code]: (r.data.done_so_far, r.data.name)
        for r in rows
        if r.data.done_so_far is not None and r.data.code in ids
    }
    owners = await _first_owners(session, list(figures))
    newer, ours = await _reported_since(session, list(figures), label)
    # the week the figure stands for: the month's last, or last week's for the month under way;
    # received at that month's end (or this morning): not a report sent today, which would
    # take a missed week's light off a project its owner has not reported yet
    day = min(month_end(year, month), previous(period_of(today)).end)
    received = min(
        datetime.combine(month_end(year, month), time(18), SHANGHAI),
        datetime.combine(today, time(0), SHANGHAI),
    )
    for project_id, (amount, name) in figures.items():
        if project_id in newer:
            done.kept += 1
            continue
        if project_id in ours:  # the ledger's own figure of that month, from an earlier import
            values = {"ytd_investment_yuan": amount, "received_at": received}
            await session.execute(
                update(Report).where(Report.id == ours[project_id]).values(values)
            )
            done.written += 1
            continue
        owner = owners.get(project_id)
        if owner is None:
            done.without_owner.append(name)
            continue
        session.add(
            Report(
                project_id=project_id,
                period=period_of(day).label,
                month=label,
                reporter_id=owner,
                received_at=received,
                ytd_investment_yuan=amount,
                source_msg_id=LEDGER,
                raw_text=f"台账导入：{column.header} {wan(amount)}万元",
            )
        )
        done.written += 1
    await session.flush()
    return done


async def _first_owners(session: AsyncSession, project_ids: list[int]) -> dict[int, int]:
    statement = (
        select(ProjectOwner.project_id, func.min(ProjectOwner.person_id))
        .where(ProjectOwner.project_id.in_(project_ids))
        .group_by(ProjectOwner.project_id)
    )
    return {pid: person for pid, person in await session.execute(statement)}


async def _reported_since(
    session: AsyncSession, project_ids: list[int], month: str
) -> tuple[set[int], dict[int, int]]:
    """Projects with a current report of `month` or later in the year that the ledger did not
    store (or stored for a later month); and the ids of the ledger's own reports of `month`."""
    statement = select(Report.project_id, Report.id, Report.source_msg_id, Report.month).where(
        Report.project_id.in_(project_ids),
        Report.month >= month,
        Report.month <= f"{month[:4]}-12",
        *CURRENT,
    )
    newer: set[int] = set()
    ours: dict[int, int] = {}
    for pid, report_id, source, of in await session.execute(statement):
        if source == LEDGER and of == month:
            ours[pid] = report_id
        else:
            newer.add(pid)
    return newer, ours
