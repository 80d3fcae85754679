"""The ledger's canonical column names, their synonyms, and how header text is normalised."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
YUAN = Decimal(1)
UNIT_SCALES = {"亿元": YI, "万元": WAN, "元": YUAN, "亿": YI, "万": WAN}

MONTHS = tuple(f"{m}月" for m in range(1, 13))
PROJECT_COLUMNS = (
    "项目代码",
    "项目名称",
    "简称",
    "责任单位",
    "属地",
    "项目类别",
    "行业",
    "项目级别",
    "重点类别",
    "总投资",
    "年度计划投资",
    *MONTHS,
    "计划开工日期",
    "计划竣工日期",
    "项目状态",
    "开工日期",
    "入统日期",
    "责任人",
    "责任人手机",
    "包联领导",
    "包联领导手机",
)
PEOPLE_COLUMNS = ("姓名", "手机", "单位", "角色", "企业微信账号", "钉钉账号", "飞书账号")
MILESTONE_COLUMNS = ("项目代码", "节点", "计划完成日期", "实际完成日期")
DONE_SO_FAR = "年初累计完成"
"""What the year has done up to a month's end (`1-10月累计完成投资`): where the bot starts
from when an office begins in the middle of a year (storage.ledger.done_so_far)."""
AMOUNT_COLUMNS = frozenset({"总投资", "年度计划投资", DONE_SO_FAR, *MONTHS})
REQUIRED = {
    "项目": ("项目代码", "项目名称", "责任单位"),
    "人员": ("姓名", "手机"),
    "节点": ("项目代码", "节点"),
}

_SYNONYMS = {
    "项目代码": "项目编码 项目编号 统一项目代码 项目统一代码 项目代码赋码",
    "项目名称": "项目名",
    "简称": "项目简称 别名",
    "责任单位": "牵头单位 项目责任单位 责任主体",
    "属地": "所在地 所属乡镇 属地乡镇 属地单位 所属街道 所属镇街 所在乡镇 所在镇街 乡镇街道 镇街",
    "项目类别": "类别 项目类型 建设性质",
    "行业": "所属行业 行业类别 产业类别",
    "项目级别": "级别 项目层级",
    "重点类别": "重点项目类别 重点分类 重点类型 重点标签",
    "总投资": "总投资额 计划总投资 项目总投资 估算总投资",
    "年度计划投资": (
        "年度计划 年度投资计划 年计划投资 本年计划投资 年度计划投资额 本年度计划投资"
        " 年度计划完成投资 本年计划完成投资 本年度计划完成投资"
    ),
    "计划开工日期": "计划开工时间 计划开工",
    "计划竣工日期": "计划竣工时间 计划竣工 计划完工日期 计划完工时间",
    "项目状态": "状态 建设状态",
    "开工日期": "开工时间 实际开工日期 实际开工时间",
    "入统日期": "入统时间 纳统日期 纳统时间",
    # a cell of both (`李明(13935612317)`): storage.ledger.rows reads the numbers from it
    "责任人": (
        "项目责任人 负责人 项目负责人 责任人/联系电话 责任人及联系电话 责任人/电话"
        " 负责人/联系电话 负责人及联系电话"
    ),
    "责任人手机": "责任人电话 责任人手机号 责任人联系电话 责任人联系方式 负责人手机 负责人电话",
    "包联领导": (
        "包联县领导 包联区领导 包联县级领导 包联区级领导 县级包联领导 区级包联领导 包保领导"
        " 包联领导/联系电话 包联领导及联系电话"
    ),
    "包联领导手机": "包联领导电话 包联领导手机号 包联领导联系电话",
    "姓名": "名字",
    "手机": "手机号 手机号码 联系电话 电话",
    "单位": "所在单位 工作单位",
    "角色": "身份",
    "企业微信账号": "企业微信 企业微信id 企业微信userid 企微账号",
    "钉钉账号": "钉钉 钉钉id 钉钉userid",
    "飞书账号": "飞书 飞书id 飞书open_id 飞书openid",
    "节点": "节点名称 里程碑",
    "计划完成日期": "计划完成时间 完成时限",
    "实际完成日期": "实际完成时间 完成日期",
}
CANONICAL: dict[str, str] = {
    name: name for name in {*PROJECT_COLUMNS, *PEOPLE_COLUMNS, *MILESTONE_COLUMNS}
}
CANONICAL.update({alias: key for key, text in _SYNONYMS.items() for alias in text.split()})
# The plan year of a row (optional; `diaodu import --year` and the plan header say it too)
CANONICAL.update({"计划年度": "计划年度", "计划年份": "计划年度"})

_BRACKETED = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_YEAR_PLAN = re.compile(r"^(?:\d{4})年度?(?:计划完成投资|计划投资|投资计划|计划)(?:额)?$")
_MONTH = re.compile(r"^(\d{1,2})月份?(?:计划)?(?:投资)?(?:计划)?$")
_UNIT_SUFFIX = re.compile(r"^(.+?)[/:]?(亿元|万元|元)$")
_SPACES = re.compile(r"\s+")
# 1-10月累计完成投资, 2026年1—10月完成投资, 截至10月底累计完成投资, 10月末累计完成
_DONE_SO_FAR = re.compile(
    r"^(?:(?:截至|截止|至)?(?:(?P<year>\d{4})年)?"
    r"(?:(?:1|一)月?[-—–~至到](?P<to>\d{1,2})月份?|(?P<end>\d{1,2})月(?:底|末))"
    r"(?:累计)?(?:完成|实际完成)(?:投资|固定资产投资)?(?:额)?)$"
)


def done_month(header: str) -> tuple[int | None, int] | None:
    """(year if named, month) of a year-to-date done column's header; None: not one."""
    base = _BRACKETED.sub("", clean(header))
    if (suffix := _UNIT_SUFFIX.match(base)) and not _DONE_SO_FAR.match(base):
        base = suffix.group(1)  # `1-10月累计完成投资/万元`, as canonical reads it
    found = _DONE_SO_FAR.match(base)
    if found is None:
        return None
    month = int(found["to"] or found["end"])
    year = int(found["year"]) if found["year"] else None
    return (year, month) if 1 <= month <= 12 else None


def clean(text: object) -> str:
    """Header text folded to half-width, lower case, without any space."""
    folded = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub("", folded).lower()


def canonical(text: str) -> tuple[str | None, Decimal | None]:
    """The canonical column a header cell names, and the amount unit it states, if any."""
    cleaned = clean(text)
    scale = None
    for unit in _BRACKETED.findall(cleaned):
        scale = UNIT_SCALES.get(unit.removeprefix("单位:"), scale)
    base = _BRACKETED.sub("", cleaned)
    name = _lookup(base)
    if name is None and (match := _UNIT_SUFFIX.match(base)):
        name, scale = _lookup(match.group(1)), UNIT_SCALES[match.group(2)]
    return name, scale


def _lookup(base: str) -> str | None:
    if base in CANONICAL:
        return CANONICAL[base]
    if _DONE_SO_FAR.match(base):
        return DONE_SO_FAR
    if _YEAR_PLAN.match(base):
        return "年度计划投资"
    if (match := _MONTH.match(base)) and 1 <= int(match.group(1)) <= 12:
        return f"{int(match.group(1))}月"
    return None
