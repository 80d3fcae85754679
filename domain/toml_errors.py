"""Why a TOML file could not be parsed, said in Chinese with the line and column.

tomllib (Python 3.11) gives only an English sentence such as `Expected '=' after a key in a
key/value pair (at line 3, column 5)`, so the sentence is matched here; one we do not know still
gets its place in Chinese. The config file and the holidays file both say it this way (a
holidays file is read with tomllib before tomlkit merges a notice into it, so its mistakes are
said in the same words; tomlkit's own English is never shown)."""

from __future__ import annotations

import re
import tomllib

from tomlkit.exceptions import ParseError

_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_UNCLOSED_LINE = "引号没有配对（文字要在同一行内用同样的引号结束）"
_UNCLOSED_STRING = "引号没有配对（文字缺少结束的引号）"
_UNKNOWN = "这里的写法不符合 TOML 格式"
_DUPLICATE = "同一个设置写了两次（或与前面的表名重名），请删去或合并重复的一处"
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), why)
    for pattern, why in (
        (r"^Expected '=' after a key", "键名后面缺少等号“=”（应写成 键名 = 值）"),
        (r"^(Illegal|Found invalid) character '\\n'", _UNCLOSED_LINE),
        (r"^Unterminated string|^Expected \"'+\"", _UNCLOSED_STRING),
        (r"^(Illegal|Found invalid) character", "有看不见的控制字符（请删去后重新输入这一处）"),
        (r"^Unclosed array", "方括号“[ ]”没有配对，或各项之间缺少英文逗号“,”"),
        (r"^Unclosed inline table", "花括号“{ }”没有配对，或各项之间缺少英文逗号“,”"),
        (r"^Expected '\]' at the end of a table", "表名缺少结束的方括号“]”"),
        (r"^Expected '\]\]' at the end of an array", "表名缺少结束的双方括号“]]”"),
        (r"^Cannot (overwrite|redefine|mutate)|^Duplicate inline table key", _DUPLICATE),
        (
            r"^Invalid date or datetime",
            "日期或时间写得不对（应如 2025-04-24 或 2025-04-24T09:00:00）",
        ),
        (
            r"^Invalid value",
            '值写得不对（文字要加英文双引号，如 name = "张伟"；数字、true/false、日期照写）',
        ),
        (
            r"^Expected newline or end of document",
            "一行只能写一项，值的后面还有多余内容（文字要整个加英文双引号）",
        ),
        (r"^Invalid statement", "这一行无法识别（应写成 键名 = 值，或 [表名]）"),
        (r"^Invalid initial character for a key", "键名写得不对（只用英文字母、数字、- 和 _）"),
        (
            r"^Unescaped '\\' in a string",
            "文字中的反斜杠“\\”要写成两个“\\\\”（Windows 路径也可改用单引号，如 'D:\\台账'）",
        ),
        (r"^Invalid hex value|^Escaped character", "文字中的转义“\\u…”写得不对"),
    )
)
_TABLE_TWICE = re.compile(r"^Cannot declare \((.*)\) twice")
_FULL_WIDTH = "＝“”‘’［］｛｝，："
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def why_not_toml(exc: tomllib.TOMLDecodeError | UnicodeDecodeError, text: str = "") -> str:
    """Where and why `text` is not TOML, in Chinese: `第 3 行第 5 列：键名后面缺少等号…`."""
    if isinstance(exc, UnicodeDecodeError):
        line = exc.object[: exc.start].count(b"\n") + 1
        return f"第 {line} 行有不是 UTF-8 编码的字符（请用记事本等把文件另存为 UTF-8 编码）"
    detail = str(exc)
    found = _PLACE.search(detail)
    if found is None:  # every tomllib error names its place; a later one might not
        return _reason(detail)
    sentence = detail[: found.start()]
    if found.group(1) is None:
        where, line = "文件末尾", 0
    else:
        line = int(found.group(1))
        where = f"第 {line} 行第 {found.group(2)} 列"
    return f"{where}：{_reason(sentence)}{_full_width_hint(text, line)}"


def why_not_tomlkit(exc: Exception) -> str:
    """tomlkit's refusal in Chinese, for what tomllib read: its place (1-based, as tomllib
    counts), without its English sentence."""
    if isinstance(exc, ParseError):  # tomlkit counts columns from 0
        return f"第 {exc.line} 行第 {exc.col + 1} 列：{_UNKNOWN}"
    return _UNKNOWN


def _reason(sentence: str) -> str:
    if twice := _TABLE_TWICE.match(sentence):
        name = ".".join(re.findall(r"'([^']*)'", twice.group(1)))
        return f"表 [{name}] 写了两次（要写多项请用两层方括号，如 [[{name}]]）"
    for pattern, why in _REASONS:
        if pattern.search(sentence):
            return why
    return _UNKNOWN


def _full_width_hint(text: str, line: int) -> str:
    """Chinese input methods type ＝ and “ ” for = and \": the commonest cause, named."""
    lines = text.split("\n")  # as tomllib counts lines
    if not 0 < line <= len(lines):
        return ""
    # quoted text and comments may hold Chinese punctuation: only what is outside them counts
    bare = _QUOTED.sub("", lines[line - 1]).partition("#")[0]
    marks = " ".join(dict.fromkeys(c for c in bare if c in _FULL_WIDTH))
    return f"；这一行有中文全角符号 {marks}，请改用英文半角符号" if marks else ""
