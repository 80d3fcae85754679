"""`import_ledger`: read, check every row, then write all of it or nothing.

The writing goes in chunks of CHUNK projects (or milestones), each its own transaction, so a
20,000-project import lets chat reports take the write lock in between instead of starving
them; every row is checked before the first chunk is written. A dry run writes everything in
one transaction and rolls it back.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from tqdm import tqdm

from storage.db import Database
from storage.ledger.book import Book, open_book
from storage.ledger.code_writings import CodeWritings
from storage.ledger.counts import Counts
from storage.ledger.crossrow import CrossRowChecks
from storage.ledger.done_so_far import write_done_so_far
from storage.ledger.load_people import write_people, write_units
from storage.ledger.load_projects import write_milestones, write_projects
from storage.ledger.near_codes import near_codes
from storage.ledger.parse import Parsed, Progress, parse_sheet, row_error
from storage.ledger.people import ACCOUNT_COLUMNS, Registry, fill_mobiles
from storage.ledger.plan_year import plan_year
from storage.ledger.result import ImportResult, RowError
from storage.ledger.rows import MilestoneRow, PersonRow, ProjectRow
from storage.ledger.units import UnitCheck
from storage.project_refs import code_key
from storage.repos import audit, ledger_repo
from storage.repos.outdated_lights import outdate

P = TypeVar("P", bound=Parsed[Any])
CHUNK = 1_000
"""Projects (or milestones) written per transaction."""
Begin = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass
class _Rows:
    people: list[Parsed[PersonRow]] = field(default_factory=list)
    projects: list[Parsed[ProjectRow]] = field(default_factory=list)
    milestones: list[Parsed[MilestoneRow]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class _When:
    today: date
    """The day new projects enter the ledger."""
    year: int
    """The plan year the plan columns are written for."""
    source: str
    """Where the plan year was read, in Chinese."""


class _DryRun(Exception):  # not an error: leaves the write transaction, rolling it back
    """Carries a dry run's result out of the transaction it must not commit."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


async def import_ledger(
    db: Database,
    path: Path,
    *,
    today: date,
    skip_bad_rows: bool = False,
    progress: bool = False,
    actor: str = "import",
    dry_run: bool = False,
    new_units: bool = False,
    year: int | None = None,
) -> ImportResult:
    """Upsert a ledger by 项目代码; with any bad row nothing is written unless told to skip.

    Once the database holds units, a unit the file names that is not among them is a bad row
    unless `new_units`. `dry_run` checks, writes and counts everything, then rolls it back.
    The plan columns are written for one plan year, beside the other years' plans: `year`
    when given, else the one the file states (`storage.ledger.plan_year`), else `today`'s;
    a file whose year is unclear is refused (LedgerError) before anything is read into the
    database.
    """
    path = Path(path)
    book = open_book(path)
    with tqdm(
        total=book.data_rows, desc="读取台账", unit="行", disable=not progress, file=sys.stderr
    ) as bar:
        rows = _parse(book, bar, today)
    planned = plan_year(path, book, rows.projects, year, today)
    when = _When(today, planned.year, planned.source)
    if not dry_run:
        async with db.read() as session:
            checked = await _checked(session, book, rows, skip_bad_rows, new_units)
        return await _written(db.write, checked, rows, path, when, actor, progress)
    try:
        async with db.write() as session:
            checked = await _checked(session, book, rows, skip_bad_rows, new_units)
            result = await _written(
                _same(session), checked, rows, path, when, actor, progress, label="核对项目"
            )
            if result.written:
                result.written, result.dry_run = False, True
                raise _DryRun(result)
    except _DryRun as preview:
        return preview.result
    return result


async def _checked(
    session: AsyncSession, book: Book, rows: _Rows, skip_bad_rows: bool, new_units: bool
) -> tuple[ImportResult, Registry | None]:
    """Check every row; the registry to write with, None when a bad row stops the import."""
    result = ImportResult()
    result.counts.unknown_columns = book.unknown_columns
    known = (await ledger_repo.units_by_name(session)).keys()
    units = UnitCheck(known, allow_new=new_units)
    registry = await _check(session, rows, units, result.counts)
    order = book.sheet_order
    result.errors = sorted(
        rows.errors, key=lambda e: (order.get(e.sheet, 0), e.row, len(e.letter), e.letter)
    )
    return result, None if result.errors and not skip_bad_rows else registry


async def _written(
    begin: Begin,
    checked: tuple[ImportResult, Registry | None],
    rows: _Rows,
    path: Path,
    when: _When,
    actor: str,
    progress: bool,
    label: str = "写入项目",
) -> ImportResult:
    """Write the checked rows, each chunk in a transaction of `begin`, and audit the import;
    `label` names the progress bar (a dry run's rows are written only to be rolled back)."""
    result, registry = checked
    if registry is None:
        return result
    with tqdm(
        total=len(rows.projects), desc=label, unit="个", disable=not progress, file=sys.stderr
    ) as bar:
        await _write(begin, rows, registry, when, result.counts, bar)
    detail = {**result.counts.as_dict(), "errors": len(result.errors)}
    now = datetime.now(UTC)
    async with begin() as session:
        outdate(session, now, None)  # plans, milestones, owners: no light judged before holds
        await audit.note(
            session,
            at=now,
            actor=actor[:100],
            entity="ledger",
            entity_key=path.name[:100],
            action="import",
            detail=detail,
        )
    result.written = True
    return result


def _same(session: AsyncSession) -> Begin:
    """Every chunk in the one transaction of `session` (a dry run rolls it all back)."""

    @asynccontextmanager
    async def begin() -> AsyncIterator[AsyncSession]:
        yield session

    return begin


def _parse(book: Book, bar: Progress, today: date) -> _Rows:
    rows = _Rows()
    for sheet, layout in book.people:
        parsed, errors = parse_sheet(sheet, layout, PersonRow, bar, today)
        rows.people += parsed
        rows.errors += errors
    for sheet, layout in book.projects:
        parsed_projects, errors = parse_sheet(sheet, layout, ProjectRow, bar, today)
        rows.projects += parsed_projects
        rows.errors += errors
    for sheet, layout in book.milestones:
        parsed_milestones, errors = parse_sheet(sheet, layout, MilestoneRow, bar, today)
        rows.milestones += parsed_milestones
        rows.errors += errors
    return rows


async def _check(session: AsyncSession, rows: _Rows, units: UnitCheck, counts: Counts) -> Registry:
    """Checks across rows and against the database; bad rows leave `rows` for `rows.errors`.
    A row whose code differs from a project's on the roll only in dashes is that project's."""
    accounts = {(p, a) for r in rows.people for p in ACCOUNT_COLUMNS if (a := getattr(r.data, p))}
    registry = Registry(await ledger_repo.account_holders(session, accounts))
    rows.people = _keep(rows, rows.people, _first_of(units.person, registry.add_listed))
    rows.projects = fill_mobiles(rows.projects, rows.people)
    checks, writings = CrossRowChecks(registry), await CodeWritings.load(session)
    judge = _first_of(units.project, writings.project, checks.project)
    rows.projects = writings.as_stored(_keep(rows, rows.projects, judge))
    counts.recoded = writings.recoded
    rows.milestones = writings.milestones_as_stored(rows.milestones)
    named = {m.data.code for m in rows.milestones if code_key(m.data.code) not in checks.known_keys}
    checks.known_keys |= set(map(code_key, await ledger_repo.projects_by_code(session, named)))
    rows.milestones = _keep(rows, rows.milestones, checks.milestone)
    return registry


def _first_of(
    *judges: Callable[[P], list[tuple[str, str]]],
) -> Callable[[P], list[tuple[str, str]]]:
    """The problems of the first judge that finds any (later ones may record a good row)."""

    def judge(item: P) -> list[tuple[str, str]]:
        for one in judges:
            if problems := one(item):
                return problems
        return []

    return judge


def _keep(rows: _Rows, parsed: list[P], judge: Callable[[P], list[tuple[str, str]]]) -> list[P]:
    """The rows `judge` finds no problem with; the others' problems become row errors."""
    kept = []
    for item in parsed:
        problems = judge(item)
        if not problems:
            kept.append(item)
            continue
        for name, reason in problems:
            column = item.columns.get(name)
            rows.errors.append(row_error(item.sheet, item.row, column, name, reason))
    return kept


async def _write(
    begin: Begin,
    rows: _Rows,
    registry: Registry,
    when: _When,
    counts: Counts,
    bar: Progress,
) -> None:
    counts.plan_year, counts.plan_year_source = when.year, when.source
    people = registry.people.values()
    names = {r.data.unit for r in rows.projects} | {p.unit for p in people if p.unit}
    names |= {r.data.locality for r in rows.projects if "属地" in r.present and r.data.locality}
    async with begin() as session:
        units = await write_units(session, names, counts)
        people_ids = await write_people(session, registry.people, units, counts)
    projects: dict[str, int] = {}
    for part in _parts(rows.projects):
        async with begin() as session:
            projects |= await write_projects(
                session, part, units, when.today, counts, bar, people_ids, when.year
            )
    for milestones in _parts(rows.milestones):
        async with begin() as session:
            await write_milestones(session, milestones, projects, counts)
    async with begin() as session:
        counts.done_so_far = await write_done_so_far(session, rows.projects, projects, when.today)
        added = [{"code": code, "name": name} for code, name in counts.created.items()]
        counts.near_codes = await near_codes(session, added, set(projects))
        # next year's sheet leaves out this year's finishers: nothing to say of it
        if rows.projects and when.year <= when.today.year:
            counts.absent = await ledger_repo.absent_projects(session, set(projects))


def _parts(items: list[P]) -> Iterator[list[P]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
