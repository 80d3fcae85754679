"""The words that answer the bot's questions: `确认`, `不对`, `是`/`否`, an ok, and the month a
held report is for (`12月的`, `是上月的`), the number of the project a report is for."""

from __future__ import annotations

import re
from datetime import date

from domain.dates import last_month_of
from handlers.reports.fields import fold_width
from handlers.reports.when import DECEMBER, month_in_digits

CONFIRM = "confirm"
CANCEL = "cancel"
YES = "yes"
NO = "no"
NEVER_MIND = "never_mind"
"""`不用了`: a held report dropped; to 是否登记为问题, a 否."""
ACK = "ack"
"""`好的`, `收到`: to a held report, asked for 确认 (it waits on); else nothing to answer."""
_WORDS = {
    # what "如数字无误，请回复确认" is answered with; never 没错 (it also says 是 to a question)
    CONFIRM: "确认 确定 确认保存 确认提交 确认无误 确认存入 无误 数字无误 数字正确",
    CANCEL: "不对 错了 填错了 算了 取消 放弃 有误 数字有误 不确认 重填 不保存 "
    "不要了 不报了 不填了 作废",
    YES: "是 是的 对 对的 登记 要登记 需要登记 登记为问题",
    NO: "否 不是 不 不用 不登记 不需要 无需登记 不用登记",
    NEVER_MIND: "不用了 不需要了 不用了谢谢",
}
_MEANING = {word: meaning for meaning, words in _WORDS.items() for word in words.split()}
# an ok that may answer the bot's question; other small talk (哈哈, 早上好) stays talk
_OKS = "好的 好 好滴 好嘞 嗯 嗯嗯 收到 收到了 已收到 ok okay 明白 明白了 知道了 了解 行 可以"
_MEANING |= {word: ACK for word in _OKS.split() if word not in _MEANING}
_NOISE = re.compile(r"[\s。.!！,，~～、]+")
_THIS_MONTH = ("本月", "这个月", "当月")
_LAST_MONTH = ("上月", "上个月")
# said around the month by a hurried owner (`是的，11月`, `11月，谢谢`, `上个月的，对`)
_YES_BEFORE = r"(?:是的|对的|对|没错|嗯)?"
_AFTER = r"(?:对|对的|没错|谢谢|谢谢了)?"
_MONTH_ANSWER = re.compile(
    rf"{_YES_BEFORE}(?:是|这是|都是|属于)?(?:(\d{{4}})年|去年|今年)?"
    rf"({'|'.join(_THIS_MONTH + _LAST_MONTH)}|(\d{{1,2}})月份?)"
    rf"的?(?:进度|数字|数据|填报)?{_AFTER}"
)
_BARE_NUMBER = re.compile(r"\d{1,2}")


def answer_word(text: str) -> str | None:
    """`confirm`, `cancel`, `yes`, `no`, `never_mind` or `ack` (`好的`, `收到`) when the whole
    message is such an answer."""
    return _MEANING.get(_NOISE.sub("", text).lstrip("/／"))


def month_answer(text: str) -> str | None:
    """`12月的`, `是上月的`, `2026年12月`, `去年12月`: the month the message says a held report
    is for, as said (`去年`, `今年` dropped: only this month or last may be answered, each of
    one year); None when the whole message is not such an answer."""
    found = _MONTH_ANSWER.fullmatch(month_in_digits(_NOISE.sub("", fold_width(text))))
    if found is None:
        return None
    return f"{found[1]}年{found[2]}" if found[1] else found[2]


def a_month_number(text: str) -> bool:
    """Whether the whole message is a number a month may be (`11`): an answer to the month
    question when one waits (`month_number`), talk in a group when none does."""
    said = _NOISE.sub("", fold_width(text))
    return bool(_BARE_NUMBER.fullmatch(said)) and 1 <= int(said) <= DECEMBER


def month_number(text: str, today: date) -> str | None:
    """`11` or `12` alone, on the month question that offers those two: the month (`11月`);
    None for any other number (`1` may choose a project, `3` is no month asked about)."""
    if not a_month_number(text):
        return None
    said = int(_NOISE.sub("", fold_width(text)))
    return f"{said}月" if said in (today.month, last_month_of(today).month) else None


def month_named(said: str, today: date) -> int:
    """The month `said` names (`本月`, `上个月`, `11月份`)."""
    if said in _THIS_MONTH:
        return today.month
    if said in _LAST_MONTH:
        return last_month_of(today).month
    return int(said.removesuffix("份").removesuffix("月"))


_CHOICE = re.compile(r"(?:选|是)?第?\s*([1-9])\s*(?:个|号|项)?")


def choice_answer(text: str) -> int | None:
    """The number a message answers "which project?" with (`1`, `第2个`, `选1`); None when the
    whole message is none."""
    found = _CHOICE.fullmatch(_NOISE.sub("", fold_width(text)))
    return int(found[1]) if found else None
