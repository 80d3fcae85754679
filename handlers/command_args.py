"""A chat command's words read into its arguments (a pydantic model, filled in order), and
what is wrong with them said in Chinese for the usage reply."""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError

# pydantic's own messages are English; these are the ones a chat argument can meet.
GENERIC_PROBLEMS = {
    "string_too_short": "{field}太短",
    "string_too_long": "{field}太长（最多 {max_length} 字）",
    "int_parsing": "{field}应为数字",
    "greater_than_equal": "{field}不能小于 {ge}",
    "less_than_equal": "{field}不能大于 {le}",
}


_FILLER = re.compile(r"(?:的?项目|的?情况|列表|清单|一下|吧|呢|吗|[\s？?。！!])+")
"""Words after a command that takes none that only say it again (`/我的 项目`, `/未报 吗？`)."""


def parse_args(model: type[BaseModel], rest: str) -> BaseModel:
    """Fill the model's fields in order from whitespace-separated words; the last takes the rest."""
    fields = list(model.model_fields)
    words = rest.split(maxsplit=len(fields) - 1) if fields and rest else []
    if not fields and rest and not _FILLER.fullmatch(rest.strip()):
        words = [rest]
        fields = ["_extra"]
    return model.model_validate(dict(zip(fields, words, strict=False)))


def first_problem(model: type[BaseModel], exc: ValidationError, rest: str) -> str:
    """The first thing wrong with a command's words, in Chinese (pydantic says it in English)."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    info = model.model_fields.get(name)
    field = (info.title if info and info.title else None) or name
    if error["type"] == "missing" and rest.strip():
        # `/问题 临时用地手续未办结`: the words were taken for the first argument
        titles = [f.title or key for key, f in model.model_fields.items() if f.is_required()]
        return f"缺少参数 {field}：只写了“{rest.strip()[:30]}”，应依次写{'、'.join(titles)}"
    if error["type"] == "missing":
        return f"缺少参数 {field}"
    if error["type"] == "extra_forbidden":
        return "多余的参数"
    if error["type"] in GENERIC_PROBLEMS:
        return GENERIC_PROBLEMS[error["type"]].format(field=field, **error.get("ctx", {}))
    return str(error.get("ctx", {}).get("error", error["msg"]))
