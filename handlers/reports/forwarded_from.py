"""Whose message a report forwards, said in the reply only when the ledger knows them.

The sender line above a copied message (`李娜 12-01 09:30`) is told from text alone
(handlers.reports.copied), and so is a project and a time an owner typed above a report
(`污水管网 12月1日 9:30`): both are dropped before the report is read. Only a name on the
ledger's 人员 list is a person the reply may say the message was forwarded from."""

from __future__ import annotations

import re

from handlers.context import Context
from handlers.reports.copied import sent_by_other
from storage.repos import people

# `张伟(北石店镇)`, `张伟-北石店镇`, `张伟@北石店镇`: what WeCom or a nickname adds to a name
_NAME_SUFFIX = re.compile(r"\s*[(（\[【<《\-—_·@|｜].*$")


async def forwarded_from(ctx: Context) -> str | None:
    """The other person a forwarded report's sender line names, when the ledger lists them;
    None for the sender's own message or a line naming no one on it (a project, a place)."""
    named = sent_by_other(ctx.msg.text, ctx.person.name)
    if named is None:
        return None
    name = _NAME_SUFFIX.sub("", named) or named
    return named if await people.by_name(ctx.session, name) else None
