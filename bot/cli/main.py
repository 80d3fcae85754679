"""The `diaodu` command line: parses arguments and hands over to one verb."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.arguments import build_parser
from bot.cli.errors import VerbError
from bot.cli.where import pull_config

if TYPE_CHECKING:
    from core.settings import Settings

# Each verb's module is imported when that verb runs, not here: every `diaodu` process (the
# office's commands, the dashboard's import, the test suite's) would otherwise load the
# settings, the database and the chat code whatever it was asked to do.

log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
    # "setup plugin alembic.autogenerate.…", seven lines as alembic is imported: now that the
    # verbs import it after logging is set up (it was before, and they went nowhere)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
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
        return _configured(args, config)
    except VerbError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _configured(args: argparse.Namespace, config: Path | None) -> int:
    """Run the verb; a configuration it cannot use is listed problem by problem."""
    from core.settings import ConfigError

    try:
        return _dispatch(args, config)
    except ConfigError as exc:
        print(f"配置有误 ({exc.source}):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, config: Path | None) -> int:
    """The verbs that find their own config first, then every other through `run`."""
    from bot.cli.where import find_config, guard_database
    from core.settings import ConfigError

    if args.verb == "init":
        from bot.cli.setup import init

        return init(config)
    found = find_config(config)
    if args.verb == "doctor":
        from bot.cli.doctor import verb as doctor

        try:
            return doctor.run(args, _settings(found), found)
        except ConfigError as exc:
            return doctor.config_failed(exc)
    settings = _settings(found)
    if args.verb == "check-config":
        from bot.cli.setup import check_config

        return check_config(settings, found)
    guard_database(args.verb, settings, found)
    return run(args, settings)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the verb named on the command line, importing its module alone: the server
    and the jobs pull in the app, the chat code and the adapters, which `import` does not need."""
    verb: Callable[[argparse.Namespace, Settings], int]
    if args.verb == "serve":
        from bot.cli.server import serve as verb
    elif args.verb == "demo":
        from bot.cli.server import demo as verb
    elif args.verb == "import":
        from bot.cli.ledger import import_file as verb
    elif args.verb == "export":
        from bot.cli.ledger import export_file as verb
    elif args.verb == "db":
        from bot.cli.setup import db_upgrade as verb
    elif args.verb == "jobs":
        from bot.cli.jobs import jobs as verb
    elif args.verb == "outbox":
        from bot.cli.outbox import run as verb
    elif args.verb == "calendar":
        from bot.cli.calendar import run as verb
    else:
        from bot.cli.backup import backup as verb
    return verb(args, settings)


def _settings(config: Path | None) -> Settings:
    from bot.redaction import install
    from core.settings import load_settings

    settings = load_settings(config)
    logging.getLogger().setLevel(settings.log.level)
    install(settings)
    return settings


if __name__ == "__main__":
    sys.exit(main())
