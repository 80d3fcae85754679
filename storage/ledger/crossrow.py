"""Checks that need more than one row: duplicate codes, one name per mobile, known projects."""

from __future__ import annotations

from storage.ledger.checks import project_problems
from storage.ledger.parse import Parsed
from storage.ledger.people import Problem, Registry
from storage.ledger.rows import MilestoneRow, ProjectRow
from storage.project_refs import code_key


class CrossRowChecks:
    """Judges project rows, then milestone rows, against everything seen before them."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        # projects a milestone may name (file and database), by code_key: the 节点 sheet may
        # write a code with other dashes than the 项目 sheet
        self.known_keys: set[str] = set()
        self._first: dict[str, Parsed[ProjectRow]] = {}
        self._bad_keys: set[str] = set()
        self._milestone_rows: dict[tuple[str, str], int] = {}

    def project(self, parsed: Parsed[ProjectRow]) -> list[Problem]:
        """Problems of one project row; a good row's people join the registry."""
        row = parsed.data
        problems = project_problems(row)
        if (first := self._first.setdefault(code_key(row.code), parsed)) is not parsed:
            problems.append(("项目代码", _repeated(row.code, first)))
        owners = zip(row.owners, row.owner_mobiles, strict=False)
        leaders = zip(row.leaders, row.leader_mobiles, strict=False)
        people = [("责任人", "owner", n, m) for n, m in owners]
        people += [("包联领导", "leader", n, m) for n, m in leaders]
        if not problems:
            problems = self._name_conflicts(people)
        if problems:
            self._bad_keys.add(code_key(row.code))
            return problems
        self.known_keys.add(code_key(row.code))
        where = f"{parsed.sheet} 第{parsed.row}行"
        for _, role, name, mobile in people:
            self.registry.add_role(name, mobile, role, row.unit, where)
        return []

    def milestone(self, parsed: Parsed[MilestoneRow]) -> list[Problem]:
        """Problems of one milestone row: a repeated 节点, or a project not in the ledger."""
        code, name = parsed.data.code, parsed.data.name
        if (row := self._milestone_rows.setdefault((code, name), parsed.row)) != parsed.row:
            return [("节点", f"项目“{code}”的节点“{name}”与第{row}行重复")]
        if code_key(code) in self.known_keys:
            return []
        if code_key(code) in self._bad_keys:
            return [("项目代码", f"项目代码“{code}”所在的项目行有错")]
        return [("项目代码", f"项目代码“{code}”不在台账中")]

    def _name_conflicts(self, people: list[tuple[str, str, str, str]]) -> list[Problem]:
        problems = []
        named: dict[str, str] = {}
        for column, _, name, mobile in people:
            reason = self.registry.conflict(name, mobile)
            if reason is None and named.setdefault(mobile, name) != name:
                reason = f"手机号 {mobile} 在本行对应两个姓名“{named[mobile]}”“{name}”"
            if reason:
                problems.append((column, reason))
        return problems


def _repeated(code: str, first: Parsed[ProjectRow]) -> str:
    """Why a row whose code is an earlier row's, or differs from it only in dashes, is refused:
    both would be taken for one project."""
    where = f"{first.sheet} 第{first.row}行"
    if first.data.code == code:
        return f"项目代码“{code}”与{where}重复"
    return (
        f"项目代码“{code}”与{where}“{first.data.name}”的“{first.data.code}”只差连接号，"
        "会被当作同一个项目；如是两个项目，请改正其中一个的代码，如是同一个项目，请删去一行"
    )
