"""`diaodu import` and `diaodu export`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.cli.common import VerbError, database_trouble, open_database
from core.settings import Settings
from domain.clock import Clock
from domain.dates import last_month_start
from domain.files import why_unwritable
from domain.light_types import LightRules


def import_file(args: argparse.Namespace, settings: Settings) -> int:
    """Import a ledger; every bad row goes to stderr and the exit status is non-zero."""
    from storage.ledger import LedgerError, import_ledger

    clock = Clock.parse(settings.clock.now)
    today = clock.today()

    async def go() -> int:
        db = await open_database(settings, migrate="empty")
        try:
            result = await import_ledger(
                db,
                args.file,
                today=today,
                skip_bad_rows=args.skip_bad_rows,
                progress=True,
                dry_run=args.dry_run,
                new_units=args.new_units,
                year=args.year,
            )
        except LedgerError as exc:
            raise VerbError(str(exc)) from exc
        except OperationalError as exc:  # locked, gone: a run again finishes the job
            raise VerbError(f"导入中断：{database_trouble(exc)}。{_resume(args)}") from exc
        except DBAPIError as exc:
            raise VerbError(f"导入出错，数据库拒绝了写入：{database_trouble(exc)}") from exc
        finally:
            await db.dispose()
        for error in result.errors:
            print(f"{args.file}: {error}", file=sys.stderr)
        print(result.summary())
        return 1 if result.errors else 0

    try:
        return asyncio.run(go())
    except KeyboardInterrupt:
        print(f"导入被中断。{_resume(args)}", file=sys.stderr)
        return 130


def _resume(args: argparse.Namespace) -> str:
    if args.dry_run:
        return "预演没有写入任何数据"
    # the import writes in chunks and updates by 项目代码: running it again finishes the job
    return "已写入的项目保留；再运行一次同一命令即可写完其余部分（按项目代码更新，不会重复写入）"


def export_file(args: argparse.Namespace, settings: Settings) -> int:
    """Export the ledger, or with --monthly the 月报表 of one month."""
    from storage.ledger import LedgerError, export_ledger, export_monthly_report

    clock = Clock.parse(settings.clock.now)
    today = clock.today()
    if not args.file.resolve().parent.is_dir():
        raise VerbError(f"无法写入 {args.file}：文件夹 {args.file.resolve().parent} 不存在")

    async def go() -> int:
        db = await open_database(settings, migrate="empty")
        try:
            if args.monthly:
                month = _month(args.monthly, today)
                count = await export_monthly_report(
                    db,
                    args.file,
                    month=month,
                    rules=_rules(settings),
                    targets=settings.targets,
                    today=today,
                    now=clock.now(),
                )
            else:
                count = await export_ledger(db, args.file, year=args.year or today.year)
        except LedgerError as exc:
            raise VerbError(str(exc)) from exc
        except OSError as exc:
            raise VerbError(f"无法写入 {args.file}：{why_unwritable(exc)}") from exc
        finally:
            await db.dispose()
        print(f"已导出 {count} 个项目到 {args.file}")
        return 0

    return asyncio.run(go())


def _rules(settings: Settings) -> LightRules:
    from core.settings.light_rules import light_rules
    from domain.calendar import WorkCalendar

    return light_rules(settings, WorkCalendar.load(settings.calendar.holidays_file))


def _month(text: str, today: date) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        example = f"{last_month_start(today):%Y-%m}"  # last month: never a stale year
        raise VerbError(f"月份“{text}”应写成 YYYY-MM，例如 {example}", 2) from exc
