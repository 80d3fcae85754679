"""Questions typed in words (`本周还有谁没报`, `物流园现在啥情况`): the command answering them."""

from __future__ import annotations

import re

# first match wins: a question about who has not reported is not one about a project
_ASKED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"没报|未报|漏报|没交|谁.{0,6}报了"), "未报"),
    (re.compile(r"红灯|黄灯|亮灯|预警"), "亮灯"),
    (re.compile(r"排名|排第|排在|第几名"), "排名"),
    (re.compile(r"问题清单|哪些问题|什么问题|超期"), "问题清单"),
    (re.compile(r"我的项目|我负责|我包联|要报哪些|我.{0,4}哪些项目"), "我的"),
    (re.compile(r"怎么报|如何报|怎么填|如何填|怎样报|怎样填|格式|模板"), "模板 项目名"),
    (re.compile(r"情况|进展|怎么样|咋样|如何了|到哪了"), "项目 项目名"),
)


def command_asked(text: str) -> str | None:
    """The command (with its placeholder argument) a question in words asks for, if any."""
    for pattern, command in _ASKED:
        if pattern.search(text):
            return command
    return None
