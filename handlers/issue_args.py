"""Typed arguments of the issue commands (pydantic models, one per command shape)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _number(value: str) -> int:
    text = value.strip().lstrip("#＃").removeprefix("问题")
    if not text.isdigit():
        raise ValueError(f"问题编号“{value}”应写成 #12 或 12")
    return int(text)


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


class IssueNew(BaseModel):
    """`项目 描述`."""

    project: str = Field(title="项目")
    text: str = Field(title="问题描述", min_length=2)


class IssueAssign(IssueRef):
    """`#号 单位或人 期限`."""

    assignee: str = Field(title="单位或人")
    deadline: str = Field(title="期限")


class IssueFilter(BaseModel):
    """Optional `项目或单位`."""

    scope: str | None = Field(default=None, title="项目或单位")
