"""What an import reports back: the counts, the rejected rows, and file-level errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MAX_CHANGES_SHOWN = 200  # a ledger of thousands: the first ones, and how many more
EMPTIED_SHOWN = 3

# How a summary opens; the dashboard tells by them that an import went through.
DRY_RUN_HEAD = "预演（--dry-run），未写入任何数据。如导入将会："
DONE_HEAD = "导入完成："


class LedgerError(Exception):
    """The whole file cannot be used; the one-line message names the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{Path(path).name}：{reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class RowError:
    """One rejected row: sheet, row number as Excel shows it, column, and why."""

    sheet: str
    row: int
    column: str
    reason: str
    letter: str = ""

    def __str__(self) -> str:
        where = f"{self.letter}列「{self.column}」" if self.letter else f"「{self.column}」"
        return f"{self.sheet} 第{self.row}行 {where}：{self.reason}"


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
    done_so_far: DoneSoFar | None = None
    """What a year-to-date done column (1-10月累计完成投资) gave."""

    def note_emptied(self, code: str, labels: list[str]) -> None:
        """Remember that a blank cell empties these columns of project `code`."""
        for label in labels:
            self.emptied.setdefault(label, []).append(code)

    def as_dict(self) -> dict[str, Any]:
        """The counts as a plain dict (for the audit trail)."""
        return asdict(self)


@dataclass
class ImportResult:
    """The outcome of one import; nothing was written when `written` is False."""

    counts: Counts = field(default_factory=Counts)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    """Everything was checked and counted, then rolled back (`--dry-run`)."""

    @property
    def projects_created(self) -> int:
        """New projects."""
        return self.counts.projects_created

    @property
    def projects_updated(self) -> int:
        """Existing projects whose ledger data changed."""
        return self.counts.projects_updated

    def summary(self) -> str:
        """In Chinese: what happened (or would, on a dry run), then what changed in detail."""
        if not self.written and not self.dry_run:
            count = len(self.errors)
            return f"台账有 {count} 处错误，未写入任何数据（可加 --skip-bad-rows 跳过错误行）"
        c = self.counts
        head = DRY_RUN_HEAD if self.dry_run else DONE_HEAD
        line = (
            f"{head}项目新增 {c.projects_created} 个、更新 {c.projects_updated} 个、"
            f"未变 {c.projects_unchanged} 个；"
            f"人员新增 {c.people_created} 人、更新 {c.people_updated} 人、"
            f"未变 {c.people_unchanged} 人；"
            f"节点新增 {c.milestones_created} 个、更新 {c.milestones_updated} 个、"
            f"未变 {c.milestones_unchanged} 个"
        )
        lines = [line + (f"；跳过 {len(self.errors)} 处错误" if self.errors else "")]
        if c.plan_year is not None and c.plans_written:
            year, count = c.plan_year, c.plans_written
            lines.append(
                f"计划年度：{year}年（{c.plan_year_source}）；{count} 个项目的计划写入{year}年"
                f"（新增 {c.plans_added} 个、修改 {c.plans_changed} 个），其他年度的计划未改动"
            )
        if c.plans_blank:
            lines.append(
                f"年度计划投资空白、未录入{c.plan_year}年计划的项目 {len(c.plans_blank)} 个"
                f"（{_some(c.plans_blank)}）；计划定下后补上再导入"
            )
        if c.emptied:
            said = "；".join(
                f"{label} {len(codes)} 个项目（"
                f"{'、'.join(c.project_names.get(code, code) for code in codes[:EMPTIED_SHOWN])}"
                f"{'等' if len(codes) > EMPTIED_SHOWN else ''}）"
                for label, codes in c.emptied.items()
            )
            lines.append(f"注意：表中的空白将清空原有数据——{said}；如是漏填，请补上后再导入")
        if c.unknown_columns:
            lines.append(
                f"未识别、没有导入的列：{'、'.join(c.unknown_columns)}"
                "（其中如有年度计划、日期等要导入的数据，请把列名改成“diaodu export”"
                "导出的台账里的写法）"
            )
        lines += _kept_lines(c)
        if c.uncategorised:
            lines.append(
                f"注意：新增项目 {len(c.uncategorised)} 个没有填“项目类别”，已按续建录入"
                f"（{_some(c.uncategorised)}）；如是新建、前期或储备项目，请在台账中补上后再导入"
            )
        if c.same_name:
            lines.append(
                f"注意：新增或改名的项目中有 {len(c.same_name)} 个与其他项目同名："
                f"{_some(c.same_name)}；"
                "如是同一个项目，请删去新行或改用原项目代码后再导入（否则会分别亮灯、分别催报）；"
                "如是项目代码填错了行，请改正后再导入"
            )
        if c.done_so_far is not None:
            lines.append(_done_line(c.done_so_far))
        if c.new_units:
            lines.append(f"新建单位 {len(c.new_units)} 个：{'、'.join(c.new_units)}")
        shown = list(c.project_changes.items())[:MAX_CHANGES_SHOWN]
        names = c.project_names
        lines += [
            f"  更新 {code}{f'（{names[code]}）' if code in names else ''}：{'、'.join(fields)}"
            for code, fields in shown
        ]
        if len(c.project_changes) > MAX_CHANGES_SHOWN:
            lines.append(f"  ……另有 {len(c.project_changes) - MAX_CHANGES_SHOWN} 个项目有更新")
        return "\n".join(lines)


def _some(names: list[str]) -> str:
    """The first few names, `等` when there are more."""
    return "、".join(names[:EMPTIED_SHOWN]) + ("等" if len(names) > EMPTIED_SHOWN else "")


def _kept_lines(c: Counts) -> list[str]:
    """What the file would have undone or changed and was kept as it is, and what it was
    taken to mean where it said nothing (a start)."""
    lines = []
    if c.finished_kept:
        lines.append(_finished_line(c.finished_kept))
    if c.started_kept:
        lines.append(
            f"{len(c.started_kept)} 个项目（{_some(c.started_kept)}）已开工（群里申报或此前"
            "导入），表中写“前期”且没有开工日期，未改回；如开工有误，请责任人撤回那次填报"
        )
    if c.start_unknown:
        lines.append(
            f"注意：表中没有“项目状态”“开工日期”列，新建项目 {len(c.start_unknown)} 个按未开工"
            f"录入（{_some(c.start_unknown)}），过了计划开工日期即亮红灯；已开工的请补上开工日期"
            "再导入，或由责任人在群里填报时加一行“已开工：3月15日”"
        )
    if c.absent:
        lines.append(
            f"在册但表中没有的项目 {len(c.absent)} 个（{_some(c.absent)}），未改动，仍催报、亮灯；"
            "如已不再调度，请在表中保留该行、项目状态写“已取消”后再导入"
        )
    if c.category_kept:
        lines.append(
            f"{len(c.category_kept)} 个项目（{_some(c.category_kept)}）明年台账的项目类别与今年"
            "不同，今年的保留（今年的开复工、亮灯和月报表不变；今年已开工的新建项目，明年起"
            "自动按续建计）；1月起再导入明年台账即按表更新"
        )
    return lines


def _finished_line(kept: list[str]) -> str:
    """Projects whose 竣工, declared in chat, the file's status did not undo."""
    return (
        f"{len(kept)} 个项目（{_some(kept)}）已由责任人在群里申报竣工，台账的项目状态未改回；"
        "如申报有误，请责任人撤回或更正那次填报"
    )


def _done_line(done: DoneSoFar) -> str:
    """What became of the year-to-date done column."""
    if done.refused:
        return done.refused
    line = f"本年累计完成（截至{done.month}月末，“{done.header}”）：{done.written} 个项目"
    if done.kept:
        line += f"；{done.kept} 个项目已有{done.month}月或之后的数字（多为群里所报），以之为准"
    if done.without_owner:
        names = "、".join(done.without_owner[:EMPTIED_SHOWN])
        more = "等" if len(done.without_owner) > EMPTIED_SHOWN else ""
        line += f"；没有责任人、未导入 {len(done.without_owner)} 个（{names}{more}）"
    return line
