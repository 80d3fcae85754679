"""The plan year (计划年度) the dashboard's import page imports a ledger for.

In December next year's plan is imported, in January last year's may still be corrected:
then both years are plausible and the page pre-selects neither. A file that names its year
(`2027年计划投资（万元）`) is imported for it; one that names none is refused until the office
chooses, as `diaodu import` refuses it in December without `--year`: a click on a default
would rewrite one year's plans with the other's figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.dashboard.import_run import ImportRun
from storage.ledger.plan_year import CLOCK_YEAR, UNSTATED

_DECEMBER = 12
_JANUARY = 1
_READ = re.compile(r"^计划年度：(\d{4})年", re.MULTILINE)  # the import's summary line


def offered(today: date) -> list[int]:
    """The years the page offers: this year, with next year in December, last in January."""
    if today.month == _DECEMBER:
        return [today.year, today.year + 1]
    if today.month == _JANUARY:
        return [today.year - 1, today.year]
    return [today.year]


def preselected(today: date) -> int | None:
    """The year ticked before the office chooses: none while two are plausible."""
    years = offered(today)
    return years[0] if len(years) == 1 else None


def chosen(said: str, today: date) -> int | None:
    """The year the form chose, if one the page offers; else the pre-selected one (if any)."""
    said = said.strip()
    if said.isdigit() and int(said) in offered(today):
        return int(said)
    return preselected(today)


@dataclass(frozen=True)
class Checked:
    """A check's run as the page shows it, the year it was for, and whether to ask for one."""

    run: ImportRun
    year: int | None
    choose: bool


def checked(run: ImportRun, year: int | None, today: date) -> Checked:
    """What a run with `year` (None: the file's own) says on the page: the year the import
    read, or a refusal asking the office to choose when the file names none and two years
    are plausible (the import takes the clock's year in January; refused all the same)."""
    if year is not None:
        return Checked(run, year, choose=False)
    years = offered(today)
    if UNSTATED in run.text:
        return Checked(run, None, choose=True)
    if run.ok and len(years) > 1 and CLOCK_YEAR in run.text:
        return Checked(ImportRun(False, must_choose(years)), None, choose=True)
    read = _READ.search(run.text)
    return Checked(run, int(read[1]) if read else None, choose=False)


def must_choose(years: list[int]) -> str:
    """The refusal of a file naming no plan year while `years` are all plausible."""
    named = "还是".join(f"{year}年" for year in years)
    return (
        f"台账{UNSTATED}，尚未导入：请在下面选择这是{named}的计划，再检查一次"
        f"（或把表头写成“{years[-1]}年计划投资（万元）”后重新上传）"
    )
