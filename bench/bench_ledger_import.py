"""Time import_ledger on a generated 20,000-row workbook: python bench/bench_ledger_import.py."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.db import Database
from storage.ledger import import_ledger
from storage.migrate import upgrade

HEADER = ["项目代码", "项目名称", "责任单位", "项目类别", "总投资（万元）", "年度计划投资（万元）"]
HEADER += [f"{m}月" for m in range(1, 13)]
HEADER += ["计划开工日期", "责任人", "责任人手机", "包联领导", "包联领导手机"]


def build(path: Path, rows: int) -> None:
    """A workbook with a title row, `rows` projects and one milestone per project."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目")
    sheet.append(["2025年项目建设台账"])
    sheet.append(HEADER)
    for n in range(rows):
        months = [100 + n % 7] * 12
        owner = f"139{n % 3000:08d}"
        leader = f"138{n % 60:08d}"
        head = [f"XM{n:06d}", f"项目{n}", f"乡镇{n % 100}镇", "续建", 20000, sum(months)]
        tail = [date(2025, 1 + n % 12, 1), f"责任人{n % 3000}", owner, f"领导{n % 60}", leader]
        sheet.append([*head, *months, *tail])
    milestones = book.create_sheet("节点")
    milestones.append(["项目代码", "节点", "计划完成日期", "实际完成日期"])
    for n in range(rows):
        milestones.append([f"XM{n:06d}", "施工许可", date(2025, 1 + n % 12, 15), None])
    book.save(path)


async def run(rows: int, url: str | None) -> None:
    """Build the file, import it twice into a fresh database, and print the times."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        started = time.perf_counter()
        build(path, rows)
        print(f"built {rows} rows in {time.perf_counter() - started:.1f}s")
        db = Database(url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await upgrade(db)
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            result = await import_ledger(db, path, today=date(2025, 4, 1))
            elapsed = time.perf_counter() - started
            print(f"{label}: {elapsed:.1f}s  {result.summary()}")
        await db.dispose()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.url))


if __name__ == "__main__":
    main()
