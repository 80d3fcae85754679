"""Typed arguments of the issue commands (pydantic models, one per command shape)."""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

MAX_DIGITS = 9  # a longer number is a typo, and would overflow the database integer


def _number(value: str) -> int:
    """`#12`, `12`, `问题12`, and `12号` / `第12号` / `12号问题` as the README teaches them."""
    text = unicodedata.normalize("NFKC", value).strip().removeprefix("问题").lstrip("#")
    text = text.removeprefix("第").removesuffix("问题").removesuffix("号")
    if not text.isdecimal() or not text.isascii() or len(text) > MAX_DIGITS:
        raise ValueError(f"问题编号“{value[:20]}”应写成 #12 或 12")
    return int(text)


def issue_number(text: str | None) -> int | None:
    """The number when `text` names one issue (`#12`, `12`, `问题12`), else None."""
    try:
        return _number(text) if text else None
    except ValueError:
        return None


class IssueRef(BaseModel):
    """`#号`."""

    model_config = ConfigDict(extra="forbid")
    number: int = Field(title="问题编号")

    @field_validator("number", mode="before")
    @classmethod
    def _parse(cls, value: object) -> int:
        return _number(str(value))


class IssueNote(IssueRef):
    """`#号 说明`."""

    note: str = Field(title="说明", min_length=1)


class IssueClose(IssueRef):
    """`#号 [说明]`: the office confirming a handler's request may leave the 说明 out."""

    note: str | None = Field(default=None, title="说明")


class IssuePress(IssueRef):
    """`#号 [要求]` (督办 with an optional demand)."""

    note: str | None = Field(default=None, title="督办要求")

    @field_validator("note")
    @classmethod
    def _one_issue(cls, value: str | None, info: ValidationInfo) -> str | None:
        # `/督办 #18 #19`: a second number is no 督办要求; each is pressed on its own. A count
        # of days (`3 个工作日内办结`, `12号 前办结`) is one: only a number marked as an issue's
        # (`#19`, `第19号`, `19号问题`) or the whole 要求 is taken for another issue
        words = value.split() if value else []
        first = words[0] if words else None
        marked = first is not None and (first[0] in "#＃第" or first.startswith("问题"))
        other = issue_number(first) if marked or len(words) == 1 else None
        if other is not None:
            number = info.data.get("number")
            raise ValueError(f"一次只能督办一个问题，请分别发送“/督办 #{number}”和“/督办 #{other}”")
        return value


class IssueNew(BaseModel):
    """`项目 描述`."""

    project: str = Field(title="项目")
    text: str = Field(title="问题描述")

    @field_validator("text")
    @classmethod
    def _describe(cls, value: str) -> str:
        # pydantic's own min_length message is English; say it in Chinese
        if len(value.strip()) < 2:
            raise ValueError("问题描述太短，请写清楚是什么问题")
        return value.strip()


class IssueAssign(IssueRef):
    """`#号 单位或人 期限`."""

    assignee: str = Field(title="单位或人")
    deadline: str = Field(title="期限")


class IssueFilter(BaseModel):
    """Optional `项目或单位`."""

    scope: str | None = Field(default=None, title="项目或单位")
