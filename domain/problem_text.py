"""Whether a typed 存在问题 names a problem, says "none", says one was solved, or cannot be
told apart.

Owners write "无，进展顺利", "正常推进", "（无）" or just an emoji where there is nothing to
raise; opening an issue (and telling the office) for those buries the real ones. Text that is
neither clearly "none" nor clearly a problem ("一般", "同上", a bare status like "正在协调" or
"有问题" that names nothing) is asked about, never guessed.
"环评批复已取得，问题已解决" is news that a problem is gone: it opens none (its issue is closed
by /销号, which the office confirms).
"""

from __future__ import annotations

import re
from enum import Enum

from domain.still_adverb import STILL_ADVERB


class Verdict(Enum):
    """What a 存在问题 text says."""

    NONE = "none"
    PROBLEM = "problem"
    UNCLEAR = "unclear"
    RESOLVED = "resolved"


# A clause that denies any problem: 无 / 暂无明显问题 / 目前没有需协调的事项 / 不存在问题
_DENIAL = re.compile(
    r"(?:目前|当前|现阶段|暂时|本周|本月|本期|项目)?"
    r"(?:无|没有|暂无|暂没有|未发现|不存在|尚无|否|没|木有|不需要?)"
    r"(?:其他|其它|别的)?"
    r"(?:任何|明显|重大|大的|什么|突出|需要?(?:上级)?协调(?:解决)?|需要?解决|协调(?:解决)?)?的?"
    r"(?:问题|困难|困难和问题|问题和困难|困难问题|事项|协调事项|情况|异常)?"
    r"|none|nil|na|no|ok"
)
# A remark that all is well: 进展顺利 / 正常推进 / 一切正常 / 按计划有序推进中
_GOOD = re.compile(r"正常|顺利|良好|有序|平稳|稳步|按计划|按期|如期|按时|按序时")
_GOOD_FILLER = re.compile(
    r"正常|顺利|良好|有序|平稳|稳步|按计划|按期|如期|按时|按序时|一切|各项|工作|推进|进行|施工"
    r"|开展|建设|实施|进展|进度|项目|工程|整体|目前|当前|均|都|中|了|的|在|正|序时|运转|运行"
)
# Words that make a clause a problem whatever else it says.
_SIGNALS = re.compile(
    r"未|尚未|没有?(?:到位|办|批|落实|解决|完成|取得|下达|拨付)|无法|不能|不足|不到位|不够|不畅"
    r"|缺|难|慢|滞后|延|缓|协调|需要?|请求|申请|影响|制约|受阻|阻|拖|欠|等待|待[办批审定复]"
    r"|卡|纠纷|矛盾|上访|停工|停滞|超期|逾期|紧张|短缺|困难(?!和问题)"
    r"|用地|土地|征地|拆迁|资金|融资|贷款|专项债|手续|审批|许可|环评|林地|电力|供电|管网"
    # the weather and prices, as owners write them (`冬季施工受限`, `天冷了没法浇混凝土`)
    r"|受限|限制|没法|没办法|涨价|上涨|低温|冬季施工|雨季|降雨|冰冻|投诉|阻工|缺口|瓶颈|暂停|叫停"
    r"|整改"
)
# A clause saying a problem is gone: 环评批复已取得 / 问题已解决 / 资金已经到位 / 解决了
_SOLVED = re.compile(
    r"已经?(?:全部|基本)?(?:得到)?(?:解决|落实|到位|取得|办结|办妥|办好|办理完|批复|获批|批准|批下来"
    r"|下达|拨付|签订|签约|解除|消除|化解|排除|恢复|完成|完毕|整改完成|协调完成|协调好|摘牌|通电"
    r"|通水|交地|供地|领证|取证|接入|接通|验收|通过验收|通过审批|迁移|搬迁|腾退|清表|协调解决"
    # 交付 is done (`场地已交付`, `已交付使用`, `用地已交付施工方`) unless what follows is still
    # to come: `已交付监理审核`, `已交付设计院修改` are handed on
    r"|偿还|归还|还清|结清|交付(?!.*(?:审|核|改|办|评|确认|验收|处理|批|签)))"
    r"|(?:问题|困难)(?:已经?)?(?:得到)?解决|得到解决|解决了|落实了|到位了|批下来了|办好了"
    r"|协调好了|办下来了|办结了|拿到了|取得了|批了"
)
# 还 and 尚 only as "still" (`还需协调`): `工程还款资金已到位`, `贷款已偿还` leave nothing to do
_UNSOLVED = re.compile(rf"未|没|不|无法|{STILL_ADVERB}|仍|待|但|缺口")
# what a "done" leaves to do: a part only (`资金已到位30%`, `已拨付部分资金`), or an order
# received (`已下达停工通知`, `已批准延期`, `已解除合同`)
_STILL = re.compile(
    r"\d|[%％]|一半|部分|剩余|大部|少部|停工|整改|叫停|暂停|通知|延期|处罚|罚款|约谈|合同|缓建"
    r"|临时(?:用电|水电|电|供电|用水|供水)|初审|评审|初步"
)
# A clause of status words that names no problem: 正在协调 / 协调中 / 有问题 / 待定 / 需解决
_BARE_WORDS = re.compile(
    rf"目前|当前|现在|仍在|仍|{STILL_ADVERB}|正在|正|在|积极|加紧|抓紧|全力|持续|继续|进一步|尽快|需要|需"
    r"|有待|等待|待|已经|已|协调|对接|沟通|办理|处理|解决|推进|跟进|研究|落实|衔接|商议|洽谈|汇报"
    r"|进行|存在|有|问题|困难|一些|一点|有点|些|较多|很多|定|中|的|了"
)
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号]")
_CLAUSE_BREAK = re.compile(r"[，,。.；;、！!？?\s()（）\[\]【】<>《》“”\"'‘’:：/\\|~～—–-]+")
_NON_WORD = re.compile(r"[^\w]+")


def judge(text: str | None) -> Verdict:
    """The verdict on a 存在问题 text (empty, punctuation or emoji only: none)."""
    clauses = [c for c in (_clean(part) for part in _CLAUSE_BREAK.split(text or "")) if c]
    if not clauses or _DENIAL.fullmatch(_clean(text or "")):
        return Verdict.NONE
    solved = [_is_solved(clause) for clause in clauses]
    if any(solved) and all(s or _is_none(c) for s, c in zip(solved, clauses, strict=True)):
        return Verdict.RESOLVED
    bare = [_is_bare(clause) for clause in clauses]
    if any(bare) and all(b or _is_none(c) for b, c in zip(bare, clauses, strict=True)):
        return Verdict.UNCLEAR  # `正在协调`: what is being worked on is not said; ask
    if any(_SIGNALS.search(clause) and not _DENIAL.fullmatch(clause) for clause in clauses):
        return Verdict.PROBLEM
    if all(_is_none(clause) for clause in clauses):
        return Verdict.NONE
    return Verdict.UNCLEAR


def _clean(clause: str) -> str:
    """The clause's letters and digits only (emoji, symbols and spaces dropped), lower case."""
    return _NON_WORD.sub("", clause).replace("_", "").lower()


def _is_solved(clause: str) -> bool:
    """`环评批复已取得`: a clause saying something is done, nothing in it still outstanding (a
    date it was done on is no part left: `已于11月28日取得`)."""
    undated = _DATE.sub("", clause).replace("已于", "已")
    if not _SOLVED.search(undated) or _STILL.search(undated):
        return False
    return not _UNSOLVED.search(_SOLVED.sub("", undated))


def _is_bare(clause: str) -> bool:
    """`正在协调`, `有问题`, `待定`: words of a status only, naming nothing being worked on."""
    return not _BARE_WORDS.sub("", clause)


def _is_none(clause: str) -> bool:
    if _DENIAL.fullmatch(clause):
        return True
    # "进展顺利", "正常推进": only words of a good report, and at least one that says "good"
    return bool(_GOOD.search(clause)) and not _GOOD_FILLER.sub("", clause)


MIN_SHARED = 2
"""Pairs of characters a text must share with an issue's to be read as about it."""


def most_alike(text: str, issues: list[str]) -> int | None:
    """The index of the issue text `text` is plainly about (`供电线路迁改已完成`:
    `供电线路迁改需协调`), by the pairs of characters they share; None where none shares
    enough, or another shares enough too."""
    pairs = _pairs(text)
    shared = sorted(
        ((len(pairs & _pairs(issue)), i) for i, issue in enumerate(issues)), reverse=True
    )
    if not shared or shared[0][0] < MIN_SHARED:
        return None
    if len(shared) > 1 and shared[1][0] >= MIN_SHARED:  # about two (用地已办结，环评已取得)
        return None
    return shared[0][1]


def _pairs(text: str) -> set[str]:
    clean = _clean(text)
    return {clean[i : i + 2] for i in range(len(clean) - 1)}


# A problem told in passing in 形象进度 (`资金还没到位，影响后续施工`): narrower than the signals
# of a 存在问题 line, where 资金, 审批 or 管网 name the work itself more often than a problem.
_TOLD = re.compile(
    r"(?:没|未|不)到位|迟迟|(?<!冬季)(?<!春节)停工(?!放假|准备)|停滞|受阻|阻工|(?<![无没])缺口"
    r"|无法|没法|没办法|卡在|卡住|(?<![无没不])困难"
    r"|(?<![未不没无])(?<!不会)(?<!没有)影响(?:后续|施工|工期|进度|推进|开工)"
    r"|需要?.{0,8}?协调|请求.{0,6}?(?:协调|支持)|(?:没|未)(?:批|下达|拨付|落实|解决|办下来)"
)
# a clause closing on what was done about it (`资金缺口已补齐`, `困难已克服`): no problem now
_DEALT_WITH = re.compile(r"已经?(?:解决|整改|克服|补齐|排除|恢复|落实|到位|消除|化解|办结)")
_TOLD_BREAK = re.compile(r"[，,。；;！!？?\n]+")
TOLD_LIMIT = 40  # characters of the clauses quoted back


def told_in_passing(text: str | None) -> str | None:
    """The clauses of a progress text that tell of a problem (`资金还没到位，影响后续施工`),
    for a reply to point at when the report has no 存在问题 line; None when none do."""
    clauses = [c.strip() for c in _TOLD_BREAK.split(text or "") if c.strip()]
    told = [
        c for c in clauses if _TOLD.search(c) and not _is_solved(c) and not _DEALT_WITH.search(c)
    ]
    if not told:
        return None
    joined = "，".join(told)
    return joined if len(joined) <= TOLD_LIMIT else joined[: TOLD_LIMIT - 1] + "…"


# An obstacle told to the bot in free chat (`今天太忙了，物流园资金还没到位`): what is not done or
# missing, or stops the work. Narrower than a 存在问题 line's signals, where 慢, 需要 or 手续
# are a problem; in chat they are as often a pace, a wish or work under way (`进度慢了点，下周
# 加快`, `正在办理手续`), and a wrong /问题 offered costs more than none.
_OBSTACLE = re.compile(
    rf"{_TOLD.pattern}"
    r"|(?:没有?|未)能?(?:报|获|审)?(?:到位|下达|拨付|批|办|落实|解决|取得|谈|签|交|通)|[批办谈签]不下来"
    r"|不足|不够|短缺|(?<![无没不])缺(?!席)|卡(?:在|住|着|壳)|纠纷|矛盾|上访|阻挠|拖欠|欠薪"
)
# a clause saying what the owner will do next (`下周加快`, `我们会抓紧`): a plan, not an obstacle
_PLAN = re.compile(
    r"^(?:我们|咱们|我)?(?:会|将|争取|计划|打算|下周|下步|下一步|明天|尽快|抓紧|加快|马上|正在)"
)


def names_an_obstacle(text: str) -> bool:
    """Whether a message said to the bot names an obstacle in a clause of its own, one not
    said to be dealt with, nor a plan of what the owner will do."""
    clauses = [c.strip() for c in _TOLD_BREAK.split(text) if c.strip()]
    return any(
        _OBSTACLE.search(c)
        and not _PLAN.match(c)
        and not _is_solved(c)
        and not _DEALT_WITH.search(c)
        for c in clauses
    )
