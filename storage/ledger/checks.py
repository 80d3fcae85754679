"""Checks on one project row that look at several of its cells together."""

from __future__ import annotations

from decimal import Decimal

from storage.ledger.names import WAN
from storage.ledger.rows import ProjectRow

MONTHLY_TOLERANCE_YUAN = 10_000  # 1万元: offices round each month to whole 万元
MAX_NAME = 20


def wan(amount: int) -> str:
    """Yuan shown in 万元 without trailing zeros (12005000 → 1200.5)."""
    text = f"{Decimal(amount) / WAN:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def monthly_plan(row: ProjectRow) -> list[int] | None:
    """The 12 monthly amounts, blanks as 0; None when every month is blank."""
    if row.monthly is None or all(value is None for value in row.monthly):
        return None
    return [value or 0 for value in row.monthly]


def annual_plan(row: ProjectRow) -> int | None:
    """The annual plan; when only the months are filled in, their sum."""
    months = monthly_plan(row)
    if row.annual_plan is None and months is not None:
        return sum(months)
    return row.annual_plan


def project_problems(row: ProjectRow) -> list[tuple[str, str]]:
    """(column, reason) for each inconsistency between the cells of one project row."""
    problems = _people_problems("责任人", row.owners, row.owner_mobiles)
    problems += _people_problems("包联领导", row.leaders, row.leader_mobiles)
    total, annual, months = row.total_investment, annual_plan(row), monthly_plan(row)
    if total and annual is not None and annual > total:
        problems.append(
            ("年度计划投资", f"年度计划投资 {wan(annual)} 万元大于总投资 {wan(total)} 万元")
        )
    if months is not None and annual is not None:
        planned = sum(months)
        if abs(planned - annual) > MONTHLY_TOLERANCE_YUAN:
            problems.append(
                (
                    "1月",
                    f"1—12月计划合计 {wan(planned)} 万元，与年度计划投资 {wan(annual)} 万元不符",
                )
            )
    start, end = row.planned_start, row.planned_completion
    if start and end and end < start:
        problems.append(("计划竣工日期", f"计划竣工日期 {end} 早于计划开工日期 {start}"))
    started, entered = row.started_on, row.stats_entered_on
    # 入统 is counted by month (and often written as one, read as its last day): only an
    # earlier month is a contradiction
    if started and entered and (entered.year, entered.month) < (started.year, started.month):
        problems.append(
            ("入统日期", f"入统日期 {entered} 早于开工日期 {started}：项目开工后才能入统，请核对")
        )
    return problems


def _people_problems(column: str, names: list[str], mobiles: list[str]) -> list[tuple[str, str]]:
    if names and not mobiles:
        reason = (
            f"{column}“{'、'.join(names)}”没有填写手机号：请填在“{column}手机”列，"
            "或把此人（姓名、手机）列入“人员”表"
        )
        return [(f"{column}手机", reason)]
    if mobiles and not names:
        return [(column, f"填写了{column}手机号，但没有{column}姓名")]
    if len(names) != len(mobiles):
        reason = f"{column} {len(names)} 人，手机号 {len(mobiles)} 个，请用“、”分隔并按相同顺序填写"
        return [(f"{column}手机", reason)]
    if len(set(mobiles)) != len(mobiles):
        return [(f"{column}手机", "同一手机号重复填写")]
    if too_long := [name for name in names if len(name) > MAX_NAME]:
        return [(column, f"姓名“{too_long[0]}”超过 {MAX_NAME} 个字，多人请用“、”分隔")]
    return []
