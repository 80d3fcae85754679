"""Keys of what a report does not carry: funds in place and the plan. Guessing the nearest
field for them (`累计到位资金` → 本年累计完成) would have an owner send money received, or the
year's plan, as the investment completed; each is told where it belongs instead."""

from __future__ import annotations

import re
from datetime import date

from handlers.reports.fields import plan_year
from handlers.reports.lines import Field, reads_as_figure

_FUNDS = re.compile(r"资金|到位|拨付|融资|贷款|专项债|争取")
# not `月计划`: `下月计划安排`, `本月计划` are the month's work, 下步计划 (a planned amount says
# 计划完成 or 计划投资); the `年计划` of `明年计划`, `2027年计划` is the ledger's only when
# its value is an amount alone, or its year has come (`2026年计划` in 2026): as next year's
# text those keys are 下步计划's (SYNONYMS, ledger_plan)
_PLAN = re.compile(r"计划投资|计划完成|年度计划|年计划|总投资|概算")
# an amount alone under a year's work plan (`明年工作计划：5000万`) is the plan figure too; as
# an unknown key with words (`今年工作计划：完成主体`) it is still offered 下步计划
_WORK_PLAN = re.compile(r"年度?工作计划")
_LEDGERS = "以台账为准，不用填报（需调整请联系专班办公室）；"


def not_reported(key: str) -> str | None:
    """Where what an unknown key names belongs, when it is funds or the plan; else None."""
    if _FUNDS.search(key):
        return (
            f"“{key}”不是完成投资，不单独填报：资金到位情况请写进“存在问题”或“形象进度”"
            "（如“存在问题：配套资金到位30%”）；"
        )
    if _PLAN.search(key):
        return f"“{key}”{_LEDGERS}"
    return None


def ledger_plan(item: Field, today: date) -> bool:
    """Whether a 下步计划 key names a year's plan the ledger holds: an amount alone under
    `明年计划` (`5亿`), or any value under this year's or a past one's (`2026年计划` on the
    report's day in 2026), which is no next step, as `今年计划`, `去年计划` are not."""
    if item.field != "plan":
        return False
    if (year := plan_year(item.key)) is not None and year <= today.year:
        return True
    named = _PLAN.search(item.key) or _WORK_PLAN.search(item.key)
    return named is not None and reads_as_figure(item.value)


def ledger_figure(item: Field) -> str | None:
    """Where an amount alone under a year's plan key belongs (the ledger's plan), said as
    `not_reported` says it; None for words."""
    return f"“{item.key}”{_LEDGERS}" if reads_as_figure(item.value) else None
