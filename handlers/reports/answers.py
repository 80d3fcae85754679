"""Answers to the bot's own questions: `确认` a held report (or the month it is for: `12月的`,
`是上月的`), `是`/`否` to 是否登记为问题.

A question waits for the next message of the person it was put to: the answer resolves it;
any other message drops it, and the reply says so, so nothing lapses unnoticed. A held report
waits through further reports of the same week (an owner sends each project in a message of
its own on a month's first morning, then answers `12月` once for all of them); each reply
names the reports still waiting; a command that only looks something up (`/项目`) leaves every
question waiting and says so. The words themselves: handlers.reports.answer_words; which of
several projects a report is for: handlers.reports.which_answer; `是`/`否` registering a
problem: handlers.reports.problem_answer.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from core.messages import Reply
from domain.clock import SHANGHAI
from domain.dates import last_month_of
from domain.periods import period_of
from handlers.chatter import small_talk
from handlers.context import Context
from handlers.reports.answer_words import (
    ACK,
    CANCEL,
    CONFIRM,
    NEVER_MIND,
    YES,
    a_month_number,
    answer_word,
    choice_answer,
    month_answer,
    month_named,
    month_number,
)
from handlers.reports.grammar import parse_report_message
from handlers.reports.held_answers import takes_month
from handlers.reports.just_stored import just_stored
from handlers.reports.kept_notes import held_notes
from handlers.reports.message_shape import is_nameless_report, is_report
from handlers.reports.outcome import Outcome, report_reply
from handlers.reports.problem_answer import yes_no
from handlers.reports.receive import store_checked
from handlers.reports.said_to_bot import nothing, to_the_bot
from handlers.reports.spoken import spoken_report
from handlers.reports.still_wanted import what_to_send
from handlers.reports.values import is_same
from handlers.reports.when import DECEMBER, counted_for
from handlers.reports.which_answer import ONLY_ONE, chosen, still_asked
from storage.models import PendingAnswer, Project
from storage.repos import pending, report_takeback

_UNDO = re.compile(r"[/／]?\s*(?:撤回|undo|withdraw)", re.IGNORECASE)


async def before_message(
    ctx: Context, text: str, looks: bool = False
) -> tuple[list[Reply] | None, list[Reply]]:
    """The answer when `text` answers a question; else the notes on questions it leaves behind.
    A command that only looks something up (`looks`: /项目, /我的) leaves them waiting: an owner
    checks the figures before answering 确认."""
    person = ctx.person
    number = choice_answer(text)  # `1`: which project a report is for, when one waits
    answered = await chosen(ctx, number) if number is not None else None
    if answered is None and answer_word(text) == YES:  # `是的` to 您要找的是不是 one project
        answered = await chosen(ctx, ONLY_ONE)
    if answered is None:
        answered = await _answered(ctx, text)
    if answered is not None:
        return answered, []
    if number is not None or a_month_number(text):
        # said to the bot, a number the question did not offer (`1` or `2` to which month):
        # what it waits for, the question kept; in a group a bare number is talk (a `1` as
        # often answers someone else's roll call)
        wanted = await what_to_send(ctx) if to_the_bot(ctx) else []
        if wanted or small_talk(text) or not to_the_bot(ctx):
            return wanted, []
    if looks:
        return None, await _still_waiting(ctx)
    week = period_of(ctx.today).label

    kept: list[pending.Asked] = []

    def adds_to(asked: pending.Asked) -> bool:
        # a further report of the week: the held one waits on beside it
        keeps = asked.kind == pending.CONFIRM and asked.period == week and _reports(ctx, text)
        kept.extend([asked] if keeps else [])
        return keeps

    kinds = (pending.CONFIRM, pending.PROBLEM, pending.CHOOSE)
    dropped = await pending.take(ctx.session, person.id, kinds, keep=adds_to)
    ctx.confirm_left = bool(kept)
    choices = [answer for answer in dropped if answer.kind == pending.CHOOSE]
    if choices and _reports(ctx, text):  # read only when a question waited: most find none
        # a report asked which project, dropped by this report: its reply says so unless it is
        # the first typed again (handlers.reports.which_ask)
        ctx.unanswered = [item for answer in choices for item in pending.items_of(answer)]
        dropped = [answer for answer in dropped if answer.kind != pending.CHOOSE]
    if not dropped:
        return None, []
    lapsed = Reply(template="replies/lapsed", data=_lapsed(dropped))
    if _UNDO.fullmatch(text.strip()) and await _undoes_held(ctx, dropped):
        # `/撤回` of a report held for 确认 means that one: it is dropped, nothing stored is
        return [lapsed], []
    return None, [lapsed]


async def _still_waiting(ctx: Context) -> list[Reply]:
    """A note on the questions that wait through a look-up, if any."""
    kinds = (pending.CONFIRM, pending.PROBLEM, pending.CHOOSE)
    waiting = await pending.open_items(ctx.session, ctx.person.id, kinds)
    held, asked = [
        [item.get("project", "") for item in waiting.get(kind, [])]
        for kind in (pending.CONFIRM, pending.PROBLEM)
    ]
    # which project: asked today only, as `1` reads it
    choosing = still_asked(waiting.get(pending.CHOOSE, []), ctx.today)
    if not held and not asked and not choosing:
        return []
    data = {"held": [], "asked": [], "waiting": held, "waiting_asked": asked, "unchosen": []}
    return [Reply(template="replies/lapsed", data={**data, "choosing": choosing})]


async def _undoes_held(ctx: Context, dropped: list[PendingAnswer]) -> bool:
    """Whether `/撤回` means the held reports: no report of the sender's was stored since the
    last of them was held (a report stored after it is what `/撤回` takes back)."""
    held = [answer for answer in dropped if answer.kind == pending.CONFIRM]
    if not held:
        return False
    since = held[0].asked_at
    stored = await report_takeback.last_by_reporter(ctx.session, ctx.person.id, since)
    return stored is None or stored.received_at <= since


async def _answered(ctx: Context, text: str) -> list[Reply] | None:
    """The reply to `text` when it is an answer (whether or not a question waits for it)."""
    word = answer_word(text)
    if word is None:
        said = month_answer(text) or await _month_by_number(ctx, text)
        return None if said is None else await _month_answered(ctx, said)
    if word == CONFIRM:
        return await _confirm(ctx)
    if word == CANCEL:
        return await _cancel(ctx)
    if word == NEVER_MIND:
        held = await pending.waiting(ctx.session, ctx.person.id, (pending.CONFIRM,))
        return await (_cancel(ctx) if held else yes_no(ctx, False))
    if word == ACK:  # `好的` to a question: said what to send; else nothing to answer
        return await what_to_send(ctx)
    return await yes_no(ctx, word == YES)


async def _month_by_number(ctx: Context, text: str) -> str | None:
    """`11` alone while a held report waits to be told its month: that month."""
    said = month_number(text, ctx.today)
    if said is None:
        return None
    held = await pending.items_waiting(ctx.session, ctx.person.id, pending.CONFIRM)
    return said if any(item.get("months") for item in held) else None


async def _month_answered(ctx: Context, said: str) -> list[Reply] | None:
    """The month a held report is for (`11月`); None when `said` names no month."""
    year, _, named = said.rpartition("年")
    month = month_named(named, ctx.today)
    if not 1 <= month <= DECEMBER:
        return None
    # a month no held report may be for (closed to all but the office): a slip, or talk
    stated = (int(year) if year else None, month)
    if isinstance(counted_for([], stated, ctx.today, office=ctx.person.is_admin), str):
        last = last_month_of(ctx.today).month
        return nothing(ctx, "month_closed", month=said, last=last, this=ctx.today.month)
    # the month a held report is for: as if sent again with the `月份：` line the question asks
    return await _confirm(ctx, f"{year}年{month}月" if year else f"{month}月")


async def _confirm(ctx: Context, month: str | None = None) -> list[Reply]:
    """Store the held report, as sent or with a `月份：` line added (`month`: `12月`,
    `2025年12月`)."""
    person = ctx.person
    held = await pending.take(ctx.session, person.id, (pending.CONFIRM,))
    if not held and month is not None:
        return nothing(ctx, "nothing_held_month", month=last_month_of(ctx.today).month)
    if not held and await pending.waiting(ctx.session, person.id, (pending.PROBLEM,)):
        return await yes_no(ctx, True)  # 确认 to 是否登记为问题: it answers what was asked
    if not held:
        return nothing(ctx, "nothing_held")
    if held[0].period != period_of(ctx.today).label:
        return [Reply(template="replies/answer", data={"outcome": "expired"})]
    items = pending.items_of(held[0])
    # a month answers only the reports asked which month; one asked only 确认 waits on
    waiting = [] if month is None else [item for item in items if not takes_month(item)]
    outcomes, taken = [], [item for item in items if item not in waiting]
    for item in taken:
        # stored as when it was sent (its month, 上月, on time or late): confirmed on 1
        # January, 31 December's figure is still 2025's, sent before the deadline on time
        sent = replace(ctx, now=pending.asked_at(held[0], item).astimezone(SHANGHAI))
        outcomes.append(await _store_held(sent, item, month))
    if waiting:
        period, at = held[0].period, held[0].asked_at
        await pending.ask(
            ctx.session, person.id, pending.CONFIRM, period=period, at=at, items=waiting
        )
    earlier, (said, forwarded) = [item["project"] for item in waiting], held_notes(taken)
    return [report_reply(outcomes, earlier, forwarded=forwarded, past_week=said)]


async def _cancel(ctx: Context) -> list[Reply]:
    """`不对` to a report held for 确认: dropped at once, and said so (in a group too, where
    the word alone is otherwise talk among people). Nothing else: a 是否登记 question waits
    for its 是 or 否 (`填错了` says nothing about registering a problem)."""
    held = await pending.take(ctx.session, ctx.person.id, (pending.CONFIRM, pending.CHOOSE))
    if not held:
        if await pending.waiting(ctx.session, ctx.person.id, (pending.PROBLEM,)):
            return [Reply(template="replies/answer", data={"outcome": "yes_no_wanted"})]
        # said right after a report was stored: that report is what is wrong
        stored = await just_stored(ctx) if to_the_bot(ctx) else None
        return nothing(ctx, "nothing_to_cancel", stored=stored)
    lapsed = _lapsed(held)
    data = {"outcome": "cancelled", "projects": lapsed["held"] + lapsed["unchosen"]}
    return [Reply(template="replies/answer", data=data)]


async def _store_held(ctx: Context, item: dict[str, Any], month: str | None) -> Outcome:
    project = await ctx.session.get(Project, item["project_id"])
    # with the month said, it is judged for that month anew: a doubt about its figures in
    # that month is asked, not taken as confirmed with the month
    raw = item["raw"] if month is None else f"{item['raw']}\n月份：{month}"
    blocks = parse_report_message(raw, ctx.today)
    if project is None or len(blocks) != 1:
        return Outcome(False, item.get("project", ""), {"errors": ["项目已不在台账中"]})
    block = blocks[0]
    for name, text in item.get("texts", {}).items():
        if is_same(getattr(block, name, None)):
            setattr(block, name, text)
    # 补报上周 on a line above the header is no part of the raw block, nor is whose message
    # it forwards: kept if held again
    block.past_week = block.past_week or item.get("past_week")
    block.forwarded = item.get("forwarded")
    return await store_checked(ctx, project, block, confirmed=month is None)


def _reports(ctx: Context, text: str) -> bool:
    """Whether `text` is a report (with its 进度, its project's name or its 进度 left out)."""
    return is_report(text) or is_nameless_report(text) or spoken_report(text, ctx.today) is not None


def _lapsed(dropped: list[PendingAnswer]) -> dict[str, Any]:
    kinds = {answer.kind: pending.items_of(answer) for answer in dropped}
    held = kinds.get(pending.CONFIRM, [])
    asked = kinds.get(pending.PROBLEM, [])
    return {
        "held": [item.get("project", "") for item in held],
        "asked": [item.get("project", "") for item in asked],
        "waiting": [],
        "waiting_asked": [],
        "unchosen": [item.get("project", "") for item in kinds.get(pending.CHOOSE, [])],
        "choosing": [],
    }
