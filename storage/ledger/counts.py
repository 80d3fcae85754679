"""What an import counted: created, changed and kept things, and what the summary warns of."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DoneSoFar:
    """What an import did with a year-to-date done column."""

    header: str = ""
    month: int | None = None
    written: int = 0
    kept: int = 0
    """Projects with a figure of that month or a later one already (reported in chat, or a
    later month's from an earlier import): theirs stands."""
    without_owner: list[str] = field(default_factory=list)
    refused: str | None = None
    """Why the column was not read at all."""


@dataclass
class Counts:
    """How many things an import created or changed."""

    projects_created: int = 0
    projects_updated: int = 0
    projects_unchanged: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    milestones_created: int = 0
    milestones_updated: int = 0
    milestones_unchanged: int = 0
    units_created: int = 0
    new_units: list[str] = field(default_factory=list)
    project_changes: dict[str, list[str]] = field(default_factory=dict)
    """项目代码 → the columns that changed (责任人 and 包联领导 included)."""
    project_names: dict[str, str] = field(default_factory=dict)
    """项目代码 → 项目名称 of the changed projects: offices know projects by name."""
    created: dict[str, str] = field(default_factory=dict)
    """项目代码 → 项目名称 of the projects added."""
    plan_year: int | None = None
    """The 计划年度 the plan columns were written for."""
    plan_year_source: str = ""
    """Where the plan year was read (--year, the 计划年度 column, the header, the title)."""
    plans_written: int = 0
    """Projects whose plan for `plan_year` the file gave."""
    plans_added: int = 0
    """Of those, projects that had no plan for that year before."""
    plans_changed: int = 0
    """Of those, projects whose plan for that year the file changed."""
    plans_blank: list[str] = field(default_factory=list)
    """Names of projects without a plan for that (coming) year whose 年度计划投资 cell is blank:
    they stay without one (a plan of 0 would count them planned and silence the plan check)."""
    finished_planned: list[str] = field(default_factory=list)
    """Projects finished (竣工/投产) before the plan year that the file plans for it all the
    same, each `name（unit，amount）`: chased no more and blue all year, they weigh on their
    unit's plan and 序时 with nothing done (unless a second phase is being built)."""
    unknown_columns: list[str] = field(default_factory=list)
    """Headers that look like ledger data but name no column the import reads."""
    emptied: dict[str, list[str]] = field(default_factory=dict)
    """Column label → codes of the projects whose value a blank cell empties."""
    finished_kept: list[str] = field(default_factory=list)
    """Projects declared finished (竣工) in chat whose row gives a status under way: kept."""
    started_kept: list[str] = field(default_factory=list)
    """Projects started (开工) whose row says 前期 without a 开工日期: kept started."""
    category_kept: list[str] = field(default_factory=list)
    """Projects whose 项目类别 next year's sheet changes: this year's kept."""
    uncategorised: list[str] = field(default_factory=list)
    """New projects whose row gave no 项目类别 (stored as the default, 续建)."""
    absent: list[str] = field(default_factory=list)
    """Projects on the roll and under way that the sheet does not list (left as they are)."""
    start_unknown: list[str] = field(default_factory=list)
    """New 新建 projects of a sheet with neither 项目状态 nor 开工日期: stored as not started."""
    same_name: list[str] = field(default_factory=list)
    """New projects named as another project, each with the codes of that name."""
    near_codes: list[str] = field(default_factory=list)
    """New projects whose code is one character off a project the file left out, with it."""
    recoded: list[str] = field(default_factory=list)
    """Rows whose code differs from their project's on the roll only in dashes, each
    `name（表中写作 written，在册 stored）`: taken for that project, its code kept as stored."""
    done_so_far: DoneSoFar | None = None
    """What a year-to-date done column (1-10月累计完成投资) gave."""

    def note_emptied(self, code: str, labels: list[str]) -> None:
        """Remember that a blank cell empties these columns of project `code`."""
        for label in labels:
            self.emptied.setdefault(label, []).append(code)

    def as_dict(self) -> dict[str, Any]:
        """The counts as a plain dict (for the audit trail)."""
        return asdict(self)
