"""Pydantic models of one row of each ledger sheet; fields are named by their Chinese column."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from domain.levels import LEVEL_WORDS
from storage.ledger import cells
from storage.ledger.actual_dates import any_day, past_day
from storage.ledger.names import WAN

CANCELLED = "已取消"
CATEGORIES = {"新建": "新建", "新开工": "新建", "续建": "续建", "前期": "前期", "储备": "储备"}
# the documents' own words: 续建项目, 新建项目, 新开工项目 …
CATEGORIES |= {f"{word}项目": kind for word, kind in CATEGORIES.items()}
STATUSES = {s: s for s in ("前期", "已开工", "在建", "已竣工", "已投产")} | {
    "开工": "已开工",
    "竣工": "已竣工",
    "投产": "已投产",
    "完工": "已竣工",
    "未开工": "前期",  # not started yet: what 前期 means here
    "待开工": "前期",
    # off the roll: no longer dispatched (kept, with its history, but not chased or lit)
    "已取消": CANCELLED,
    "取消": CANCELLED,
    "移出台账": CANCELLED,
    "不再调度": CANCELLED,
}
LEVELS = LEVEL_WORDS
ROLES = {"责任人": "owner", "项目责任人": "owner", "包联领导": "leader", "领导": "leader"}
ROLES |= {"分管领导": "leader", "管理员": "admin", "专班": "admin", "专班办公室": "admin"}
STAFF_WORDS = frozenset({"联络员", "单位联络员", "项目联络员", "工作人员", "单位人员"})
"""A unit's staff who own no project: no role flag, as a blank 角色 cell (the office's word for
a town's liaison was refused as a role it did not know)."""
NAME_CHARS = 20


def _limited(size: int, *, required: bool = False) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        result = cells.text(value)
        if required and cells.is_empty(value):
            raise cells.CellError("不能为空")
        if len(result) > size:
            raise cells.CellError(f"超过 {size} 个字")
        return result

    return check


_CODE_SIGN = re.compile(r"[0-9A-Za-z]")


def _code(value: Any) -> str:
    if cells.is_empty(value):
        raise cells.CellError(f"不能为空；{_NO_CODE_YET}")
    code = "".join(unicodedata.normalize("NFKC", _limited(64, required=True)(value)).split())
    if not _CODE_SIGN.search(code):
        # 待赋码, 暂无: every project without a code would share it, a later one taking the
        # earlier one's place and history
        raise cells.CellError(f"“{code}”不是项目代码；{_NO_CODE_YET}")
    return code


_NO_CODE_YET = (
    "还没有赋码的项目请各填一个不重复的临时代码（如 LS-001）"
    "并一直沿用（项目按代码识别，改了代码会当作另一个项目）"
)


def _choice(table: dict[str, str], label: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if cells.is_empty(value):
            return None
        key = "".join(cells.text(value).split())
        if key not in table:
            allowed = "、".join(dict.fromkeys(table.values()))
            raise cells.CellError(f"{label}“{key}”无法识别，应为 {allowed}")
        return table[key]

    return check


def _amount(value: Any, info: ValidationInfo) -> int | None:
    scales = (info.context or {}).get("scales", {})
    return cells.yuan(value, scales.get(info.field_name, WAN))


def _roles(value: Any) -> set[str]:
    found = set()
    for word in cells.words(value):
        if word in STAFF_WORDS:
            continue
        if word not in ROLES:
            raise cells.CellError(
                f"角色“{word}”无法识别，应为 责任人、包联领导、管理员 或 联络员（单位人员）"
            )
        found.add(ROLES[word])
    return found


def _mobile(value: Any) -> str:
    found = cells.mobiles(value)
    if len(found) != 1:
        raise cells.CellError("应填写一个 11 位手机号" if found else "不能为空")
    return found[0]


def _person_name(value: Any) -> str:
    # Two-character names are often padded with a full-width space to line up in print.
    return "".join(_limited(NAME_CHARS, required=True)(value).split())


def _names(value: Any) -> list[str]:
    found = cells.names(value)
    for name in found:
        if len(name) > NAME_CHARS:
            raise cells.CellError(f"姓名“{name[:NAME_CHARS]}…”超过 {NAME_CHARS} 个字")
    return found


def _aliases(value: Any) -> str:
    return "、".join(dict.fromkeys(cells.words(value)))[:300]


def _tags(value: Any) -> str:
    return "、".join(dict.fromkeys(cells.words(value)))[:200]


Yuan = Annotated[int | None, BeforeValidator(_amount)]
Day = Annotated[date | None, BeforeValidator(any_day)]
# dates of what has happened: none later than the import's day
StartedDay = Annotated[date | None, BeforeValidator(past_day("开工", "计划开工日期"))]
EnteredDay = Annotated[date | None, BeforeValidator(past_day("入统", ""))]
DoneDay = Annotated[date | None, BeforeValidator(past_day("完成", "计划完成日期"))]
Names = Annotated[list[str], BeforeValidator(_names)]
Mobiles = Annotated[list[str], BeforeValidator(cells.mobiles)]
Code = Annotated[str, BeforeValidator(_code)]
Account = Annotated[str, BeforeValidator(_limited(200))]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


def _plan_year(value: Any) -> int | None:
    """A 计划年度 cell: 2027, 2027年, 2027年度 (blank: none)."""
    text = cells.text(value) if value is not None else ""
    if not text:
        return None
    found = _PLAN_YEAR.match(unicodedata.normalize("NFKC", text).strip())
    if not found:
        raise cells.CellError(f"“{text}”不是年份，应写成四位年份，如 2027")
    return int(found[1])


_PLAN_YEAR = re.compile(r"^((?:19|20)\d{2})(?:\.0)?\s*(?:年度?)?$")


class ProjectRow(_Row):
    """One row of the 项目 sheet."""

    code: Code = Field(alias="项目代码")
    name: Annotated[str, BeforeValidator(_limited(200, required=True))] = Field(alias="项目名称")
    aliases: Annotated[str, BeforeValidator(_aliases)] = Field("", alias="简称")
    unit: Annotated[str, BeforeValidator(_limited(100, required=True))] = Field(alias="责任单位")
    locality: Annotated[str, BeforeValidator(_limited(100))] = Field("", alias="属地")
    category: Annotated[str | None, BeforeValidator(_choice(CATEGORIES, "项目类别"))] = Field(
        None, alias="项目类别"
    )
    industry: Annotated[str, BeforeValidator(_limited(20))] = Field("", alias="行业")
    level: Annotated[str | None, BeforeValidator(_choice(LEVELS, "项目级别"))] = Field(
        None, alias="项目级别"
    )
    key_tags: Annotated[str | None, BeforeValidator(_tags)] = Field(None, alias="重点类别")
    total_investment: Yuan = Field(None, alias="总投资")
    annual_plan: Yuan = Field(None, alias="年度计划投资")
    monthly: list[Yuan] | None = Field(None, alias="月度计划")
    planned_start: Day = Field(None, alias="计划开工日期")
    planned_completion: Day = Field(None, alias="计划竣工日期")
    status: Annotated[str | None, BeforeValidator(_choice(STATUSES, "项目状态"))] = Field(
        None, alias="项目状态"
    )
    started_on: StartedDay = Field(None, alias="开工日期")
    stats_entered_on: EnteredDay = Field(None, alias="入统日期")
    owners: Names = Field([], alias="责任人")
    owner_mobiles: Mobiles = Field([], alias="责任人手机")
    leaders: Names = Field([], alias="包联领导")
    leader_mobiles: Mobiles = Field([], alias="包联领导手机")
    plan_year: Annotated[int | None, BeforeValidator(_plan_year)] = Field(None, alias="计划年度")
    done_so_far: Yuan = Field(None, alias="年初累计完成")
    """The year's investment done up to the month its header names (1-10月累计完成投资)."""

    @model_validator(mode="before")
    @classmethod
    def _mobiles_beside_names(cls, data: Any) -> Any:
        """`李明(13935612317)`, `李明 13935612317` in a 责任人 (or 包联领导) cell with no phone
        column of its own: the names and their numbers, in order."""
        if not isinstance(data, dict):
            return data
        for names, phones in (("责任人", "责任人手机"), ("包联领导", "包联领导手机")):
            split = _with_mobiles(data.get(names))
            if split is not None and cells.is_empty(data.get(phones)):
                data = {**data, names: split[0], phones: split[1]}
        return data


_NAME_AND_MOBILE = re.compile(r"([^\d\s、,，;；/()（）:：]+)\s*[/(（:：]?\s*(1\d{10})\s*[)）]?")
_BETWEEN_PAIRS = re.compile(r"[\s、,，;；/]*")


def _with_mobiles(cell: Any) -> tuple[str, str] | None:
    """The names and the numbers of a cell holding both, each name with its number
    (`李明(13935612317)`, `李明/13935612317`, `李明 13935612317 王芳 13800001111`)."""
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFKC", cell).strip()
    pairs = list(_NAME_AND_MOBILE.finditer(text))
    # nothing but separators between and around the pairs: else not such a cell
    gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(pairs)]
    edges = [text[: pairs[0].start()], text[pairs[-1].end() :]] if pairs else []
    if not pairs or not all(_BETWEEN_PAIRS.fullmatch(gap) for gap in gaps + edges):
        return None
    return "、".join(m[1] for m in pairs), "、".join(m[2] for m in pairs)


class PersonRow(_Row):
    """One row of the 人员 sheet."""

    name: Annotated[str, BeforeValidator(_person_name)] = Field(alias="姓名")
    mobile: Annotated[str, BeforeValidator(_mobile)] = Field(alias="手机")
    unit: Annotated[str, BeforeValidator(_limited(100))] = Field("", alias="单位")
    roles: Annotated[set[str], BeforeValidator(_roles)] = Field(set(), alias="角色")
    wecom: Account = Field("", alias="企业微信账号")
    dingtalk: Account = Field("", alias="钉钉账号")
    feishu: Account = Field("", alias="飞书账号")


class MilestoneRow(_Row):
    """One row of the 节点 sheet."""

    code: Code = Field(alias="项目代码")
    name: Annotated[str, BeforeValidator(_limited(50, required=True))] = Field(alias="节点")
    due_on: Day = Field(None, alias="计划完成日期")
    done_on: DoneDay = Field(None, alias="实际完成日期")
