"""`物流园用地手续已经批下来了，问题解决了`, `13号问题资金已经到位了`: someone saying in words
that a problem was solved, which only /销号 records. The reply says how, with the issue's
number filled in where the message names one or is plainly about one, and the open issues
the sender may close."""

from __future__ import annotations

import re

from core.messages import Reply
from domain.problem_text import Verdict, judge, most_alike
from handlers.context import Context
from handlers.issues.support import may_ask_close
from storage.repos import issues

SHOWN = 5
"""Open issues listed at most (an owner's projects rarely have more)."""
_NUMBER = re.compile(
    r"[#＃]\s*(\d{1,5})|(?<![月\d])(\d{1,5})\s*号问题|问题\s*[#＃]?\s*(\d{1,5})(?![个项条\d])"
    r"|^\s*(\d{1,5})\s*号(?![楼线院地])"
)
# what a problem is about: `本周填报已完成`, `设备安装已完成` tell of work, not of one solved
_ABOUT_A_PROBLEM = re.compile(
    r"问题|困难|手续|资金|用地|土地|征地|拆迁|批复|审批|许可|环评|指标|电力|供电|迁改|纠纷|矛盾"
    r"|阻工|[#＃]\s*\d"
)
_ASKS = re.compile(r"(?:吗|么|呢|没有)\s*[？?]?\s*$|[？?]\s*$")


def says_solved(text: str) -> bool:
    """Whether the message says a problem was solved, nothing still outstanding (not a
    question: `用地问题解决了吗？`)."""
    if _ASKS.search(text) or not _ABOUT_A_PROBLEM.search(text):
        return False
    return judge(_NUMBER.sub("", text)) is Verdict.RESOLVED


async def how_to_close(ctx: Context, text: str) -> Reply:
    """How to close what the message says was solved: the /销号 to send, with the number of
    the issue it names or is plainly about, and the open issues the sender may close."""
    office = ctx.person.is_admin
    number = await _named_number(ctx, text)
    if isinstance(number, Reply):
        return number
    theirs = [] if office else await issues.open_to_close(ctx.session, ctx.person)
    if number is None and theirs:
        alike = most_alike(text, [issue.text for issue, _ in theirs])
        number = theirs[alike][0].number if alike is not None else None
    listed = [{"number": i.number, "project": name, "text": i.text} for i, name in theirs]
    data = {
        "number": number,
        "result": _result(text),
        "office": office,
        "open": listed[:SHOWN],
        "more": len(listed) > SHOWN,
    }
    return Reply(template="replies/solved_how", data=data)


def _result(text: str) -> str:
    """What to write after the number: the message's own words, unless it names several
    issues (`7号和15号问题都解决了`: each is closed on its own)."""
    words = _NUMBER.sub("", text).strip(" ，,。：:")
    return words[:40] if words and len(_NUMBER.findall(text)) < 2 else "办理结果"


async def _named_number(ctx: Context, text: str) -> int | Reply | None:
    """The issue the message names that the sender may close; a reply where it is closed
    already. `8号…` opening a message is a date as often: a number only where that issue's
    words are the message's."""
    found = _NUMBER.search(text)
    if found is None or len(_NUMBER.findall(text)) > 1:
        return None
    number = int(next(g for g in found.groups() if g))
    issue = await issues.by_number(ctx.session, number)
    dated = found.group(4) is not None
    if issue is None or (dated and most_alike(text, [issue.text]) is None):
        return None
    if issue.state not in issues.OPEN_STATES:
        return Reply(template="replies/solved_how", data={"closed": number, "state": issue.state})
    if ctx.person.is_admin:  # the office closes it itself
        return number
    return number if await may_ask_close(ctx, issue) is None else None
