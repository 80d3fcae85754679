"""Questions typed in words: the command that answers them — run for the few asked the same
way every time (`谁没报`), pointed to for the rest (`本周还有谁没报`, `物流园现在啥情况`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

RUN = {
    "我报了吗": "我的",
    "我报了没": "我的",
    "我报了没有": "我的",
    "谁没报": "未报",
    "谁还没报": "未报",
    "哪些没报": "未报",
}
"""Questions asked in exactly these words, and the (reading) command run to answer them."""
_ASKED_END = re.compile(r"[？?。！!\s]+$")
_HOW = "(?:怎么|如何|怎样|咋)"
# first match wins: a question about who has not reported is not one about a project
_ASKED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:没|未|漏)报(?![批建审备])|没交|谁.{0,6}报了"), "未报"),
    (re.compile(r"红灯|黄灯|亮灯|预警"), "亮灯"),
    (re.compile(r"排名|排第|排在|第几名"), "排名"),
    # `问题…没解决` asks only with 吗/？ after it: `这个问题还没解决` tells of one (/问题)
    (
        re.compile(
            r"问题清单|哪些问题|什么问题|超期|多少个?问题"
            r"|问题.{0,4}(?:没|未)(?:解决|销号|办结).{0,2}(?:吗|呢|[？?])"
        ),
        "问题清单",
    ),
    (re.compile(r"我的项目|我负责|我包联|要报哪些|我.{0,4}哪些项目"), "我的"),
    (re.compile(r"怎么报|如何报|怎么填|如何填|怎样报|怎样填|格式|模板"), "模板"),
    # how to do an issue's step or take leave: the command that does it, with its usage
    (re.compile(rf"{_HOW}.{{0,4}}销号|销号.{{0,4}}{_HOW}"), "销号"),
    (re.compile(rf"问题.{{0,8}}{_HOW}.{{0,3}}(?:反馈|回复|汇报|更新|写).{{0,2}}进展"), "进展"),
    (re.compile(rf"{_HOW}.{{0,2}}请假|请假.{{0,4}}(?:{_HOW}|格式)|我要请假|想请假"), "请假"),
    (re.compile(rf"{_HOW}.{{0,2}}交办"), "交办"),
    (re.compile(r"情况|进展|怎么样|咋样|如何了|到哪了"), "项目"),
)
DOES = frozenset({"销号", "进展", "请假", "交办"})
"""Commands a question asks how to use (not what they answer): pointed to with their usage."""
NAMES_A_PROJECT = frozenset({"项目", "模板"})
"""Commands answered for a project the question names before its question words."""
# a field or a figure: a report, or part of one, sent without its 进度 line — not a question
_NOT_A_QUESTION = re.compile(r"[:：]|\d\s*(?:万|亿|元)")
# what a question says between its subject and its question words (`北石店镇本周谁没报`,
# `物流园现在啥情况`, `北石店镇的项目有哪些红灯`): the subject is what stands before them
_FILLER = re.compile(
    r"(?:本周|这一?周|今天|现在|目前|最近|这个|那个|项目|的|啥|什么|是|了|还|有|哪些|哪个|谁)+$"
)


@dataclass(frozen=True)
class Asked:
    """The command a question asks for, and what it names before the question words."""

    command: str
    subject: str


def command_run(text: str) -> str | None:
    """The command to run for a question asked in one of the usual ways (`谁没报？`)."""
    return RUN.get(_ASKED_END.sub("", text.strip()))


def command_asked(text: str) -> Asked | None:
    """The command a question in words asks for, if any (`物流园现在啥情况`: 项目, 物流园)."""
    if _NOT_A_QUESTION.search(text):
        return None
    for pattern, command in _ASKED:
        if found := pattern.search(text):
            subject = _FILLER.sub("", text[: found.start()].strip()).strip()
            return Asked(command, subject)
    return None


# a question asked in words (`今天有什么需要我关注的`, `用地手续批了吗`), not a statement
_QUESTION = re.compile(
    r"[？?]|[吗呢么]\s*$|什么|哪些|哪个|哪里|谁|怎么|怎样|如何|咋|多少"
    r"|能不能|能否|可不可以|是不是|有没有"  # asked as 能不能帮我看看, not told
)


def is_question(text: str) -> bool:
    """Whether the message asks something rather than tells it."""
    return _QUESTION.search(text) is not None
