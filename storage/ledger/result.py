"""What an import reports back: the counts, the rejected rows, and file-level errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage.ledger.counts import Counts
from storage.ledger.summary_notes import note_lines, project_lines

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

    def summary(self, *, each: bool = True) -> str:
        """In Chinese: what happened (or would, on a dry run), then what changed in detail
        (each project added or changed, unless not `each`)."""
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
        lines += note_lines(c)
        lines += project_lines(c) if each else []
        return "\n".join(lines)
