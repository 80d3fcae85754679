"""An argparse parser that speaks Chinese: its headings, its -h and its errors.

argparse's own words are English and come from gettext without a Chinese catalogue; the IT
person running `diaodu` reads Chinese, so the few that reach the screen are said here.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

_HEADINGS = (
    ("usage: ", "用法："),
    ("positional arguments:", "参数："),
    ("options:", "选项："),
)
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)"),
        "「{1}」不是可用的命令或取值，可用：{2}",
    ),
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面需要一个值"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '([^']*)'"), "{0} 的值「{2}」格式不对"),
    (re.compile(r"argument (\S+): (.*)"), "{0}：{1}"),  # our own checks' Chinese reasons
)


class ChineseParser(argparse.ArgumentParser):
    """ArgumentParser with Chinese headings, help option and error messages (subcommands'
    parsers are of this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        """The usage line, headed in Chinese."""
        return _chinese(super().format_usage())

    def format_help(self) -> str:
        """The help text, headed in Chinese."""
        return _chinese(super().format_help())

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in Chinese, exit with status 2 as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{translated(message)}\n")


def translated(message: str) -> str:
    """argparse's error message in Chinese where it is one of the common ones."""
    for pattern, text in _ERRORS:
        if found := pattern.fullmatch(message):
            groups = [group.replace("'", "").replace(", ", "、") for group in found.groups()]
            return text.format(*groups)
    return message


def _chinese(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return text
