"""A clause naming one of the sender's projects by a name too short for the grammar, a space
before its figure (`东武匠 累计2070万；泽辰 累计50万`): read as the glued `泽辰累计50万` is.

The grammar cannot tell `泽辰` from a part of the work (`主体 累计50万`), so it keeps it as the
first project's 形象进度 and refuses its figure as `累计` given twice. Where the ledger says the
clause names the sender's own project (handlers.reports.next_named `figure_opening`, the rule
the glued form is read by), the message is read again with the clause glued; anywhere else the
refusal stands.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handlers.context import Context
from handlers.reports.grammar import ReportBlock, parse_report_message
from handlers.reports.next_named import figure_opening, named_apart
from handlers.reports.segments import FIGURE_KEY, MIN_NAME
from storage.models import Project
from storage.repos import projects

_CLAUSES = re.compile(r"([；;])")
# a name shorter than the grammar reads as one (longer ones begin a block there), then a space
# or a colon, then a figure's key and its amount
_SPACED = re.compile(
    rf"^(\s*[^\s；;:：，,。]{{2,{MIN_NAME - 1}}})[\s:：]+(?=(?:{FIGURE_KEY})\s*[:：]?\s*[-约\d])"
)


async def spaced_apart(ctx: Context, blocks: list[ReportBlock]) -> list[ReportBlock]:
    """`named_apart`'s blocks; where one was refused, the message read with each `；` clause
    that opens with the sender's project's short name glued to its figure, if that took every
    such clause as its project's report and left fewer refusals."""
    apart = await named_apart(ctx, blocks)
    refused = sum(len(block.errors) for block in apart)
    if not refused:
        return apart  # most reports: nothing the grammar refused
    text, glued = _glued(ctx.msg.text, await projects.owned_by(ctx.session, ctx.person.id))
    if not glued:
        return apart
    again_ctx = replace(ctx, msg=ctx.msg.model_copy(update={"text": text}))
    again = await named_apart(again_ctx, parse_report_message(text, ctx.today))
    kept = [block.progress_text or "" for block in again]
    if any(clause in words for clause in glued for words in kept):
        return apart  # read as the project's own words after all: the refusal says more
    return again if sum(len(block.errors) for block in again) < refused else apart


def _glued(message: str, owned: list[Project]) -> tuple[str, list[str]]:
    """The message with each clause after a `；` that names an owned project by a short name
    and a space before its figure glued (`泽辰累计50万`), and those clauses as glued."""
    parts = _CLAUSES.split(message)
    glued: list[str] = []
    for index in range(2, len(parts), 2):  # the clauses after a `；`, never the report's head
        spaced = _SPACED.match(parts[index])
        if spaced is None:
            continue
        clause = spaced[1] + parts[index][spaced.end() :]
        if figure_opening(clause.strip(), owned) is not None:
            parts[index] = clause
            glued.append(clause.strip())
    return "".join(parts), glued
