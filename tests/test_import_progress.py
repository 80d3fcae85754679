"""The import's progress bars say what is being done: a dry run writes nothing for good, so its
bar does not say 写入项目 (an office read `写入项目: 100%` under `--dry-run` as written)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storage.db import Database
from storage.ledger import import_ledger
from tests.support.ledger_files import clean_row, clean_workbook

TODAY = date(2025, 4, 24)


@pytest.mark.parametrize(("dry_run", "said"), [(True, "核对项目"), (False, "写入项目")])
async def test_the_bar_of_a_dry_run_says_it_checks(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], dry_run: bool, said: str
) -> None:
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("2025-140502-44-02-011404")])
    await import_ledger(db, path, today=TODAY, progress=True, dry_run=dry_run)
    err = capsys.readouterr().err
    assert said in err
    assert ("写入项目" in err) is not dry_run
