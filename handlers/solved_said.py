"""`物流园用地手续已经批下来了，问题解决了`, `13号问题资金已经到位了`: an owner saying in words
that a problem was solved, which only /销号 records. The reply says how, with the issue's
number filled in where the message names one, and the sender's projects' open issues."""

from __future__ import annotations

import re

from core.messages import Reply
from domain.problem_text import Verdict, judge, most_alike
from handlers.context import Context
from storage.repos import issues, projects

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
    the issue it names or is plainly about, and the sender's projects' open issues."""
    found = _NUMBER.search(text)
    number = next((int(g) for g in found.groups() if g), None) if found else None
    result = _NUMBER.sub("", text).strip(" ，,。：:") or "办理结果"
    office = ctx.sender is not None and ctx.sender.is_admin
    listed = [] if office else await _open_of(ctx)
    if number is not None and not office and number not in [i["number"] for i in listed]:
        issue = await issues.by_number(ctx.session, number)
        if issue is not None and issue.state not in issues.OPEN_STATES:  # closed already
            return Reply(
                template="replies/solved_how", data={"closed": number, "state": issue.state}
            )
        number = None  # not one of the sender's: which, from the list
    if number is None and listed:
        alike = most_alike(text, [str(i["text"]) for i in listed])
        number = int(str(listed[alike]["number"])) if alike is not None else None
    data = {
        "number": number,
        "result": result[:40],
        "office": office,
        "open": listed[:SHOWN],
        "more": len(listed) > SHOWN,
    }
    return Reply(template="replies/solved_how", data=data)


async def _open_of(ctx: Context) -> list[dict[str, object]]:
    """The open issues of the sender's own projects, by project."""
    listed: list[dict[str, object]] = []
    for project in await projects.owned_by(ctx.session, ctx.person.id):
        for issue in await issues.open_for_project(ctx.session, project.id):
            listed.append({"number": issue.number, "project": project.name, "text": issue.text})
    return listed
