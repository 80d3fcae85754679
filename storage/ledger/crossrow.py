"""Checks that need more than one row: duplicate codes, one name per mobile, known projects."""

from __future__ import annotations

from storage.ledger.checks import project_problems
from storage.ledger.parse import Parsed
from storage.ledger.people import Problem, Registry
from storage.ledger.rows import MilestoneRow, ProjectRow


class CrossRowChecks:
    """Judges project rows, then milestone rows, against everything seen before them."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.known_codes: set[str] = set()  # projects a milestone may name (file and database)
        self._first: dict[str, Parsed[ProjectRow]] = {}
        self._bad_codes: set[str] = set()
        self._milestone_rows: dict[tuple[str, str], int] = {}

    def project(self, parsed: Parsed[ProjectRow]) -> list[Problem]:
        """Problems of one project row; a good row's people join the registry."""
        row = parsed.data
        problems = project_problems(row)
        if (first := self._first.setdefault(row.code, parsed)) is not parsed:
            problems.append(
                ("项目代码", f"项目代码“{row.code}”与{first.sheet} 第{first.row}行重复")
            )
        owners = zip(row.owners, row.owner_mobiles, strict=False)
        leaders = zip(row.leaders, row.leader_mobiles, strict=False)
        people = [("责任人", "owner", n, m) for n, m in owners]
        people += [("包联领导", "leader", n, m) for n, m in leaders]
        if not problems:
            problems = self._name_conflicts(people)
        if problems:
            self._bad_codes.add(row.code)
            return problems
        self.known_codes.add(row.code)
        where = f"{parsed.sheet} 第{parsed.row}行"
        for _, role, name, mobile in people:
            self.registry.add_role(name, mobile, role, row.unit, where)
        return []

    def milestone(self, parsed: Parsed[MilestoneRow]) -> list[Problem]:
        """Problems of one milestone row: a repeated 节点, or a project not in the ledger."""
        code, name = parsed.data.code, parsed.data.name
        if (row := self._milestone_rows.setdefault((code, name), parsed.row)) != parsed.row:
            return [("节点", f"项目“{code}”的节点“{name}”与第{row}行重复")]
        if code in self.known_codes:
            return []
        if code in self._bad_codes:
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
