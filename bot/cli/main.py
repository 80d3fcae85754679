"""The `diaodu` command line: parses arguments and hands over to one verb."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli import calendar, outbox, setup
from bot.cli.common import VerbError
from bot.cli.doctor import verb as doctor
from bot.cli.parser import ChineseParser
from bot.cli.where import find_config, guard_database, pull_config
from core.settings import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb of SPEC §7."""
    parser: argparse.ArgumentParser = ChineseParser(prog="diaodu", description="项目建设调度机器人")
    parser.add_argument("--config", type=Path, help="配置文件 (默认 ./config.toml，可写在命令前后)")
    sub = parser.add_subparsers(dest="verb", required=True)
    sub.add_parser("init", help="写出 config.toml 并建库")
    sub.add_parser("serve", help="启动服务")
    demo = sub.add_parser("demo", help="生成演示台账并以本地模拟器启动")
    demo.add_argument("--dir", type=Path, default=Path("."), help="演示数据文件夹")
    demo.add_argument("--no-serve", action="store_true", help="只生成并导入，不启动")
    demo.add_argument(
        "--at", type=_moment, metavar='"YYYY-MM-DD HH:MM"', help="固定演示时钟（默认为当前时间）"
    )
    imp = sub.add_parser("import", help="导入台账 (.xlsx/.csv)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--skip-bad-rows", action="store_true", help="跳过有错的行，导入其余行")
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出将新增、更新的内容，不写入"
    )
    imp.add_argument(
        "--new-units", action="store_true", help="允许台账中出现数据库里还没有的单位（新建）"
    )
    imp.add_argument(
        "--year", type=_year, metavar="YYYY", help="计划年度（默认取表头或标题中的年份，否则今年）"
    )
    exp = sub.add_parser("export", help="导出台账或月报表")
    exp.add_argument("file", type=Path)
    exp.add_argument("--monthly", metavar="YYYY-MM", help="导出该月的月报表")
    exp.add_argument("--year", type=_year, metavar="YYYY", help="导出该年度的计划（默认今年）")
    db = sub.add_parser("db", help="数据库")
    db.add_argument("action", choices=["upgrade"])
    jobs = sub.add_parser("jobs", help="定时任务")
    jobs.add_argument("action", choices=["list", "run"])
    jobs.add_argument("job", nargs="?", help="任务 id，如 weekly_reminder")
    jobs.add_argument("--at", help='按此时间运行，"YYYY-MM-DD HH:MM"')
    jobs.add_argument("--dry-run", action="store_true", help="只打印要推送的消息，不入队")
    outbox.add_parser(sub)
    calendar.add_parser(sub)
    sub.add_parser("check-config", help="检查配置并列出所有问题")
    doctor.add_parser(sub)
    backup = sub.add_parser("backup", help="备份数据库")
    backup.add_argument("file", type=Path, nargs="?", help="备份文件 (默认带时间戳)")
    return parser


def _moment(text: str) -> str:
    """A fixed clock time on the command line, as `clock.now` takes it."""
    from domain.clock import LATEST_YEAR, parse_local_time
    from domain.dates import EARLIEST_YEAR

    try:
        parse_local_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"时间“{text}”应写成 YYYY-MM-DD HH:MM，年份在 {EARLIEST_YEAR}–{LATEST_YEAR} 之间"
        ) from exc
    return text


def _year(text: str) -> int:
    """A plan year on the command line: four digits."""
    if not (text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写成四位数字，如 2027")
    return int(text)


class _AlembicNotes(logging.Filter):
    """Alembic's notes on its dialect and DDL mode, made on every run, a migration or not:
    every command printed them. What it migrates is still logged, except the steps of a new
    database's creation (seventeen English lines before `init` says it is ready)."""

    def __init__(self) -> None:
        super().__init__()
        self.creating = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Running upgrade  -> "):  # from nothing: a new database
            self.creating = True
        return not (
            message.startswith(("Context impl", "Will assume"))
            or (self.creating and message.startswith("Running upgrade"))
        )


LOGGING_VERBS = frozenset({"serve", "demo"})
"""Verbs that run the service: their log lines keep time, level and source for the operator."""


class _Notes(logging.Formatter):
    """A one-shot command's log line as a person reads it: `提示：…`, not `WARNING domain.…`."""

    def format(self, record: logging.LogRecord) -> str:
        said = record.message = record.getMessage()
        if record.levelno >= logging.ERROR:
            said = f"错误：{said}"
        elif record.levelno >= logging.WARNING:
            said = f"提示：{said}"
        # what went wrong in the code: for whoever the clerk passes the screen on to; the
        # text the secrets filter masked (bot.redaction), as logging.Formatter uses it
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            said += "\n" + record.exc_text
        return said


def _plain_notes() -> None:
    # the stderr handler basicConfig made, not one a host (a test run) added of its own kind
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:
            handler.setFormatter(_Notes())


def _without_alembic_notes() -> None:
    migration = logging.getLogger("alembic.runtime.migration")
    if not any(isinstance(f, _AlembicNotes) for f in migration.filters):
        migration.addFilter(_AlembicNotes())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `diaodu` console script."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    _without_alembic_notes()
    try:
        config, rest = pull_config(sys.argv[1:] if argv is None else argv)
        args = build_parser().parse_args(rest)
        args.config = config
        if args.verb not in LOGGING_VERBS:
            _plain_notes()
        return _dispatch(args, config)
    except ConfigError as exc:
        print(f"配置有误 ({exc.source}):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except VerbError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, config: Path | None) -> int:
    """The verbs that find their own config first, then every other through `run`."""
    if args.verb == "init":
        return setup.init(config)
    found = find_config(config)
    if args.verb == "doctor":
        try:
            return doctor.run(args, _settings(found), found)
        except ConfigError as exc:
            return doctor.config_failed(exc)
    settings = _settings(found)
    if args.verb == "check-config":
        return setup.check_config(settings, found)
    guard_database(args.verb, settings, found)
    return run(args, settings)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the verb named on the command line."""
    # Imported here: the server and job verbs pull in the whole app, which `import` does not need.
    from bot.cli import backup, jobs, ledger, server

    table: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "serve": server.serve,
        "demo": server.demo,
        "import": ledger.import_file,
        "export": ledger.export_file,
        "db": setup.db_upgrade,
        "jobs": jobs.jobs,
        "outbox": outbox.run,
        "calendar": calendar.run,
        "backup": backup.backup,
    }
    return table[args.verb](args, settings)


def _settings(config: Path | None) -> Settings:
    from bot.redaction import install

    settings = load_settings(config)
    logging.getLogger().setLevel(settings.log.level)
    install(settings)
    return settings


if __name__ == "__main__":
    sys.exit(main())
