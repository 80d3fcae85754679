"""Builds the router: every command module is included here, explicitly."""

from __future__ import annotations

from handlers import dashboard, holidays, identity, meeting, monthly_link, queries, targets
from handlers.dispatch import Router
from handlers.help import help_command
from handlers.issues import commands as issues
from handlers.reports import commands as report_commands
from handlers.reports.answer_words import (
    a_month_number,
    answer_word,
    choice_answer,
    month_answer,
)
from handlers.reports.answers import before_message
from handlers.reports.message_shape import is_nameless_report, is_report
from handlers.reports.receive import on_report


def build_router() -> Router:
    """A fresh router with the full command table."""
    table = [
        *queries.commands(),
        *report_commands.commands(),
        *issues.commands(),
        *identity.commands(),
        *meeting.commands(),
        *dashboard.commands(),
        *monthly_link.commands(),
        *targets.commands(),
        *holidays.commands(),
    ]
    return Router.build(
        [*table, help_command(table)],
        on_report=on_report,
        is_report=lambda text: is_report(text) or is_nameless_report(text),
        before=before_message,
        is_answer=lambda text: (
            answer_word(text) is not None
            or month_answer(text) is not None
            or choice_answer(text) is not None
            or a_month_number(text)
        ),
    )
