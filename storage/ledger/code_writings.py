"""A row's 项目代码 written with other dashes than the project's on the roll: Excel or WPS
makes `2025-140502-…` into `2025—140502—…` (or an office types `－`, `–`), and matched by
its exact code the row would add a second project, with none of the first one's history.

A row names the project whose code is the same once dashes, spaces and full-width digits are
set aside (`project_refs.code_key`); the project keeps its code as stored, as the import keeps
it for spaces and full-width digits: the code is the project's key, quoted in chat, pushes and
exports, and would otherwise flip with every office's Excel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger.parse import Parsed
from storage.ledger.people import Problem
from storage.ledger.rows import MilestoneRow, ProjectRow
from storage.project_refs import code_key
from storage.repos import ledger_repo

RowT = TypeVar("RowT", ProjectRow, MilestoneRow)


class CodeWritings:
    """The codes on the roll by their `code_key`, to take a row for the project it names."""

    def __init__(self, stored: Iterable[tuple[str, str]]) -> None:
        self._names = dict(stored)
        self._by_key: dict[str, list[str]] = {}
        for code in self._names:
            self._by_key.setdefault(code_key(code), []).append(code)
        self._in_file: dict[str, str] = {}
        self.recoded: list[str] = []
        """`name（表中写作 written，在册 stored）` for each project row taken for a project
        whose code is written otherwise."""

    @classmethod
    async def load(cls, session: AsyncSession) -> CodeWritings:
        """The codes of every project on the roll."""
        return cls(await ledger_repo.project_codes(session))

    def stored(self, code: str) -> str | None:
        """The code, as stored, of the project on the roll `code` names: the same code, else
        the one project whose code differs from it only in dashes; None for none or several."""
        if code in self._names:
            return code
        writings = self._by_key.get(code_key(code), [])
        return writings[0] if len(writings) == 1 else None

    def project(self, parsed: Parsed[ProjectRow]) -> list[Problem]:
        """A row whose code is none on the roll but differs only in dashes from several
        (projects added twice before the import compared codes so): which one it is, no one
        can tell."""
        code = parsed.data.code
        writings = self._by_key.get(code_key(code), [])
        if code in self._names or len(writings) < 2:
            return []
        named = "、".join(f"“{c}”（{self._names[c]}）" for c in writings)
        return [
            (
                "项目代码",
                f"项目代码“{code}”与在册的{named}都只差连接号，分不清是哪个项目；"
                "请改成其中一个的写法后再导入",
            )
        ]

    def as_stored(self, rows: list[Parsed[ProjectRow]]) -> list[Parsed[ProjectRow]]:
        """Each checked project row with its project's code as stored; `recoded` names the
        rows whose code was written otherwise."""
        kept = []
        for parsed in rows:
            row = parsed.data
            code = self.stored(row.code) or row.code
            self._in_file[code_key(code)] = code
            if code != row.code:
                self.recoded.append(f"{row.name}（表中写作 {row.code}，在册 {code}）")
            kept.append(_with_code(parsed, code))
        return kept

    def milestones_as_stored(self, rows: list[Parsed[MilestoneRow]]) -> list[Parsed[MilestoneRow]]:
        """Each milestone row with the code of its project as the project rows (after
        `as_stored`) or the roll have it: the 节点 sheet may keep the dashes the 项目 sheet
        lost."""
        coded = []
        for parsed in rows:
            code = parsed.data.code
            if code not in self._names:
                code = self._in_file.get(code_key(code)) or self.stored(code) or code
            coded.append(_with_code(parsed, code))
        return coded


def _with_code(parsed: Parsed[RowT], code: str) -> Parsed[RowT]:
    if code == parsed.data.code:
        return parsed
    return replace(parsed, data=parsed.data.model_copy(update={"code": code}))
