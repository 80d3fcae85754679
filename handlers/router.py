"""Builds the router: every command module is included here, explicitly."""

from __future__ import annotations

from bot.dispatch import Router
from handlers import identity, issues, meeting, queries, report_commands
from handlers.help import help_command
from handlers.report_grammar import is_report
from handlers.reports import on_report


def build_router() -> Router:
    """A fresh router with the full command table."""
    table = [
        *queries.commands(),
        *report_commands.commands(),
        *issues.commands(),
        *identity.commands(),
        *meeting.commands(),
    ]
    return Router.build([*table, help_command(table)], on_report=on_report, is_report=is_report)
