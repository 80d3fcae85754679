"""Configuration problems in plain Chinese: where, and what to write instead (no regexes)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

HINTS: dict[tuple[str, ...], str] = {
    ("bots", "name"): "只能用字母、数字、- 和 _，最多 40 个字符，如 wx",
    ("groups", "role"): "应为 owners、leaders、office 或 unit:单位名（如 unit:北石店镇）",
}
"""What a field takes, for the fields whose rule is a pattern."""


def describe(exc: ValidationError) -> list[str]:
    """One line per problem: `where: what is wrong`, in Chinese."""
    return [f"{_where(error['loc'])}: {_what(error)}" for error in exc.errors()]


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(根)"


def _what(error: Any) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    names = tuple(part for part in error["loc"] if isinstance(part, str))
    if kind == "extra_forbidden":
        return "未知的配置项（拼写是否有误？可对照 config.example.toml）"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "missing":
        return "缺少此项，必须填写"
    if kind == "string_pattern_mismatch":
        return HINTS.get(names[:1] + names[-1:], "格式不对，请对照 config.example.toml 的示例")
    if kind == "literal_error":
        return f"只能是 {_choices(str(ctx.get('expected', '')))} 之一"
    return _plain(kind, ctx) or f"取值不对（{error['msg']}）"


def _plain(kind: str, ctx: dict[str, Any]) -> str | None:
    simple = {
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "float_parsing": "应为数字",
        "float_type": "应为数字",
        "bool_parsing": "应为 true 或 false",
        "bool_type": "应为 true 或 false",
        "string_type": "应为文字，用英文双引号括起",
        "list_type": '应为列表，如 ["a", "b"]',
        "model_type": "应为一个表（[节名] 下的若干项）",
        "dict_type": "应为一个表（[节名] 下的若干项）",
        "string_too_short": "不能为空",
    }
    if kind in simple:
        return simple[kind]
    bounds = {
        "greater_than_equal": ("不能小于", "ge"),
        "greater_than": ("须大于", "gt"),
        "less_than_equal": ("不能大于", "le"),
        "less_than": ("须小于", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {ctx.get(key)}"
    return None


def _choices(expected: str) -> str:
    # pydantic writes "'a', 'b' or 'c'"; list them the Chinese way.
    parts = expected.replace(" or ", ", ").split(", ")
    return "、".join(part.strip().strip("'") for part in parts if part.strip())
