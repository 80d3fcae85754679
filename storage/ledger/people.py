"""Gathering the people a ledger names (人员 sheet, 责任人, 包联领导) into one entry per mobile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from storage.ledger.parse import Parsed
from storage.ledger.rows import PersonRow, ProjectRow

ACCOUNT_COLUMNS = {"wecom": "企业微信账号", "dingtalk": "钉钉账号", "feishu": "飞书账号"}
Problem = tuple[str, str]


@dataclass
class PersonSpec:
    """What the file says about one person (keyed by mobile)."""

    mobile: str
    name: str
    where: str
    unit: str | None = None
    default_unit: str | None = None
    roles: set[str] = field(default_factory=set)
    accounts: dict[str, str] = field(default_factory=dict)
    listed: bool = False


class Registry:
    """The people of one file; a mobile keeps one name throughout the file."""

    def __init__(self, taken: dict[tuple[str, str], str]) -> None:
        self.people: dict[str, PersonSpec] = {}
        self._taken = taken  # (platform, external id) -> mobile of the person holding it now
        self._accounts: dict[tuple[str, str], str] = {}

    def add_listed(self, parsed: Parsed[PersonRow]) -> list[Problem]:
        """Take a 人员 row, or say why not."""
        row, where = parsed.data, f"{parsed.sheet} 第{parsed.row}行"
        if (known := self.people.get(row.mobile)) is not None:
            return [("手机", f"手机号 {row.mobile} 与{known.where}重复")]
        accounts = {p: getattr(row, p) for p in ACCOUNT_COLUMNS if getattr(row, p)}
        problems = []
        for platform, external in accounts.items():
            column = ACCOUNT_COLUMNS[platform]
            if (other := self._accounts.get((platform, external))) is not None:
                problems.append((column, f"{column} {external} 与{other}重复"))
            holder = self._taken.get((platform, external))
            if holder is not None and holder != row.mobile:
                problems.append((column, f"{column} {external} 已属于手机号 {holder} 的人员"))
        if problems:
            return problems
        for platform, external in accounts.items():
            self._accounts[(platform, external)] = where
        unit = row.unit or None
        spec = PersonSpec(row.mobile, row.name, where, unit, unit, set(row.roles), accounts, True)
        self.people[row.mobile] = spec
        return []

    def conflict(self, name: str, mobile: str) -> str | None:
        """Why `name` cannot be the person with `mobile`, if it cannot."""
        known = self.people.get(mobile)
        if known is None or known.name == name:
            return None
        return f"手机号 {mobile} 在{known.where}登记为“{known.name}”，这里却是“{name}”"

    def add_role(self, name: str, mobile: str, role: str, unit: str, where: str) -> None:
        """Record that the person is an owner or a leader (a project's unit for a new person)."""
        spec = self.people.get(mobile)
        if spec is None:
            spec = self.people[mobile] = PersonSpec(mobile, name, where)
        if role == "owner" and spec.default_unit is None:
            spec.default_unit = unit
        spec.roles.add(role)


def fill_mobiles(
    projects: list[Parsed[ProjectRow]], people: list[Parsed[PersonRow]]
) -> list[Parsed[ProjectRow]]:
    """The project rows, their 责任人 and 包联领导 left without mobiles given the ones the 人员
    sheet lists for those names, where each name is there once: the sheet is where an office
    keeps people's numbers, and a leader of 20 projects need not be typed 20 times."""
    by_name: dict[str, set[str]] = {}
    for person in people:
        by_name.setdefault(person.data.name, set()).add(person.data.mobile)
    filled = []
    for parsed in projects:
        row = parsed.data
        found: dict[str, list[str]] = {}
        for names, column in ((row.owners, "owner_mobiles"), (row.leaders, "leader_mobiles")):
            known = [by_name.get(name, set()) for name in names]
            if names and not getattr(row, column) and all(len(one) == 1 for one in known):
                found[column] = [next(iter(one)) for one in known]
        filled.append(replace(parsed, data=row.model_copy(update=found)) if found else parsed)
    return filled
