"""Figures after a one-line report's own that are no 形象进度 (SPEC §3: nothing acknowledged
may be wrong): the plan or total the owner restates (`年度计划4.2亿`, `总投资17.09亿元`,
`占年度计划的97.6%`) is dropped from the report with a note, as the ledger holds it; a figure
the report does not read (`污水管网：本月完成300万`) is refused, quoted. Money the work tells of
(`设备采购合同800万元已签订`, `欠付工程款1800万`) and counts (`本周完成3层`) stay the text.
"""

from __future__ import annotations

import re

from domain.money import UNIT_WORD

_AMOUNT = rf"\d+(?:\.\d+)?\s*{UNIT_WORD}"
_PERCENT = r"\d+(?:\.\d+)?\s*[%％]"
PLAN_KEY = r"(?:项目)?(?:年度投资计划|年度计划投资|年度计划|年计划|计划总投资|总投资|计划投资)"
_RESTATED = re.compile(
    rf"(?:{PLAN_KEY}(?:为|是|[:：])?\s*{_AMOUNT}"
    rf"|(?:已|累计)?(?:占|完成)(?:了)?{PLAN_KEY}的?\s*{_PERCENT}"
    rf"|(?:年度计划)?完成率(?:为|是|[:：])?\s*{_PERCENT})[。.]?"
)
_KEY = r"(?:本月|本年|上月|当月|\d{1,2}月份?|累计)(?:完成)?(?:投资)?(?:了|为|是)?"
# a name, then an amount: with a figure's key (`污水管网：本月完成300万`, the rest of the text
# anything), or alone and nothing after it (`污水管网1800万`: which figure goes unsaid)
_NAME_FIGURE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{3,15}}?)[:：]?\s*(?:(?P<key>{_KEY})\s*[:：]?\s*)?{_AMOUNT}"
)
# not a name: a part of the project (`其中二期`, `设备购置`), or a figure's words (`已完成投资`)
_NOT_NAME = re.compile(
    r"^(?:其中|含|包括|包含|另|土建|设备|安装|材料|[一二三四五六七八九十]+期)"
    r"|完成|累计|本月|本年|本周|上月|应|为|是|计划|投资|期"
)
_WORK = re.compile(r"合同|产值|签订|支付|拨付|到位|资金|贷款|债|奖补|补助")


def restated(text: str) -> bool:
    """Whether `text` is the plan or total restated (`年度计划4.2亿`, `占年度计划的97.6%`)."""
    return _RESTATED.fullmatch(text.strip()) is not None


def unread_amount(text: str) -> bool:
    """Whether `text`, left over after a report's figures, holds an amount the report did not
    read: a name and a figure's key with its amount (`污水管网：本月完成300万`). A name with an
    amount alone stays the text: it is as often the work's money (`欠付工程款1800万`,
    `征地补偿款1800万`) as another project's figure."""
    text = text.strip().rstrip("。.")
    found = _NAME_FIGURE.match(text)
    if found is None or _NOT_NAME.search(found["name"]) or _WORK.search(text):
        return False
    return found["key"] is not None


def unsaid_figure(text: str) -> str:
    """Refuse an amount left after the figures (`污水管网1800万`), saying how to write it."""
    return (
        f"“{text}”没有看出是哪项数字，未记录；请写明字段，如“本月完成：1200万”“累计完成：3.8亿”，"
        "另一个项目的请另起一行“进度 项目名 累计完成…”"
    )
