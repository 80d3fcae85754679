"""1:1 messages to a person through a bot's app (`[[bots]] direct = true`): where they go.

A push to a person is queued like a group push, its destination written `@<bot>/<account>`
(the bot that sends it and the person's account on that bot's platform), so the outbox keeps
one row per person per run and the same idempotency as for groups.
"""

from __future__ import annotations

PERSON_ROLE = "person"
"""The role of a 1:1 destination: its budget is `[messages] person`."""
PREFIX = "@"


def person_destination(bot: str, account: str) -> str:
    """The outbox destination of `account` reached through bot `bot`."""
    return f"{PREFIX}{bot}/{account}"


def parse_person(destination: str) -> tuple[str, str] | None:
    """(bot, account) of a 1:1 destination; None for a group's name."""
    if not destination.startswith(PREFIX) or "/" not in destination:
        return None
    bot, _, account = destination[len(PREFIX) :].partition("/")
    return (bot, account) if bot and account else None
