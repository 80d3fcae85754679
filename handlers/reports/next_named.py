"""The sender's own projects named where the grammar could not tell, read against the ledger:

- another one opening a clause of a report's 形象进度 (`古书院累计1.17亿；老旧小区累计1490万；
  景德桥还没开工` stored `景德桥还没开工` as 老旧小区's 形象进度; `物流园：累计4.15亿，设备调试中；
  污水管网：累计1880万，管网铺设` lost 污水管网's figure in it): that project's report. Only a
  clause after `；` or a line of its own (a comma runs on: `东武匠村累计1400万，污水管网铺设完成`
  is 东武匠村's work), of figures, or of text in a message that reports several projects; and
  never in a 形象进度 typed under its key (`形象进度：道路硬化；污水管网累计300万` is the
  owner's own words about the project);
- one opening a name no project has, the week's work said after it (`物流园这周设备安装基本
  完成，累计完成4.15亿`, voice input): 物流园's report, that work its 形象进度.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from handlers.context import Context
from handlers.lookup import resolve
from handlers.reports.fields import AMOUNT_FIELDS, SYNONYMS
from handlers.reports.grammar import ReportBlock, parse_report_message
from handlers.reports.segments import FIGURE_KEY, figure_tried
from storage.models import Project
from storage.repos import projects
from storage.repos.projects import aliases_of

MIN_NAME = 3
"""The shortest piece of a project's name read as naming it (`景德桥`; `二期` names nothing);
an alias names it whole (`厂房`)."""
MAX_NAME = 15
_PROGRESS_KEYS = tuple(key for key, field in SYNONYMS.items() if field == "progress")
_KEY_BEFORE = re.compile(r"[\s:：]*$")
_CLAUSE = re.compile(r"[；;。\n]")
"""Where a 形象进度 may hold another project's report: after a `；` or a `。`, or on a line of
its own (`物流园累计4.16亿，设备安装` above `污水管网累计1760万，管道铺设` ran on into its
text)."""
_WORK_DONE = re.compile(
    r"了|中|完成|完工|施工|安装|调试|开工|复工|封顶|铺设|浇筑|推进|验收|正在|已"
)
_FIGURE_TRIED = re.compile(rf"(?:{FIGURE_KEY})\s*[:：]?\s*[-约\d０-９]")
_MONTH_FIGURE = re.compile(r"\d{1,2}月份?(?:完成|累计)(?:投资)?\d")  # `11月完成1530万`
_PART = re.compile(r"^(?:项目|工程|[一二三四五六七八九十\d]+期|其中|含|包括)")


async def named_apart(ctx: Context, blocks: list[ReportBlock]) -> list[ReportBlock]:
    """The blocks, a clause of a 形象进度 that opens with another of the sender's projects'
    names made that project's report, the clauses after it with it."""
    clauses = any(_CLAUSE.search(block.progress_text or "") for block in blocks)
    alone = any(_unlabelled(ctx.msg.text, block) for block in blocks)
    if not clauses and not alone:
        return blocks  # most reports: no clause that could be another project's
    owned = await projects.owned_by(ctx.session, ctx.person.id)
    out: list[ReportBlock] = []
    pending = list(blocks)
    while pending:
        block = pending.pop(0)
        several = bool(out or pending)  # the message reports several projects, so far
        apart = await _apart(ctx, block, owned, several=several)
        if apart is None:
            out.append(block)
            continue
        kept, begun = apart
        out.append(kept)
        pending[:0] = begun
    return out


async def _apart(
    ctx: Context, block: ReportBlock, owned: list[Project], *, several: bool
) -> tuple[ReportBlock, list[ReportBlock]] | None:
    """The block without the clauses of its 形象进度 from another project's on, and that
    project's report of them; None where no clause opens another project's."""
    if _keyed(ctx.msg.text, block):
        return None  # `形象进度：道路硬化；污水管网累计300万`: the owner's own words, as typed
    clauses = _CLAUSE.split(block.progress_text or "")
    for index, clause in enumerate(clauses):
        # the text's start is the project's own, unless it stands as a clause: in a message
        # of several projects, or a clause of figures (`供热管网累计1.21亿；管廊累计7150万`)
        stands = several or _has_figures(clause, owned)
        if index == 0 and not (stands and _unlabelled(ctx.msg.text, block)):
            continue
        opened = figure_opening(clause.strip(), owned)
        if opened is None:
            continue
        project, rest = opened
        rest = "；".join([rest, *clauses[index + 1 :]]).strip("；; ")
        begun = _report_of(project, rest, ctx.today, several=several)
        if begun is None or await _same(ctx, block, project):
            continue
        text = "；".join(clauses[:index]).strip() or None
        given = [f for f in block.given if f != "progress" or text]
        return replace(block, progress_text=text, given=given), begun
    return None


def _report_of(
    project: Project, rest: str, today: date, *, several: bool
) -> list[ReportBlock] | None:
    """The report `rest` makes for `project`: its figures and texts, or (in a message of
    several projects) a text alone its 形象进度; None where it is neither."""
    parsed = parse_report_message(f"进度 {project.name} {rest}", today) if rest else []
    if parsed and parsed[0].project_ref == project.name and _has_figure(parsed[0]):
        return parsed
    if parsed and parsed[0].errors and figure_tried(rest):
        return parsed  # `污水管网累计-1990万`: refused as its own, never the other's text
    if not several:
        return None
    said = ["progress"] if rest else []
    return [ReportBlock(project.name, rest, progress_text=rest or None, given=said)]


async def _same(ctx: Context, block: ReportBlock, project: Project) -> bool:
    """Whether the block is `project`'s own report (named by code, alias or a loose name)."""
    found = (await resolve(ctx, block.project_ref, reporting=True)).project
    return found is None or found.id == project.id


async def named_in_front(
    ctx: Context, ref: str, block: ReportBlock
) -> tuple[Project, ReportBlock] | None:
    """`物流园这周设备安装基本完成`, a name no project has: the sender's own project it opens
    with, and the block with the rest its 形象进度 — only a rest that tells of work (`物流园二期`
    is a part, or another project, never 物流园). A figure glued to the name (`进度
    物流园本月完成1530万，累计4.1亿`) is read as that figure, never taken for the text."""
    opened = opening(ref, await projects.owned_by(ctx.session, ctx.person.id))
    if opened is None or not _WORK_DONE.search(opened[1]) or _PART.match(opened[1]):
        return None
    project, rest = opened
    if _FIGURE_TRIED.match(rest) or _MONTH_FIGURE.match(rest):
        raw = block.raw.replace(ref, f"{project.name} {rest}", 1)
        parsed = parse_report_message(raw, ctx.today)
        if len(parsed) == 1 and parsed[0].project_ref == project.name:
            return project, parsed[0]
    text = "；".join(t for t in (rest, block.progress_text) if t)
    return project, replace(block, progress_text=text, given=[*block.given, "progress"])


def _unlabelled(message: str, block: ReportBlock) -> bool:
    """Whether the block's 形象进度 is a clause of its own after its figures (`；景德桥还没开工`):
    no key before it, a `；` or a line's start."""
    text = block.progress_text
    if not text or not any(f in block.given for f in AMOUNT_FIELDS):
        return False
    at = message.find(text)
    if at < 0:
        return False
    before = _KEY_BEFORE.sub("", message[:at])
    return not _keyed(message, block) and (not before or before[-1] in "；;。\n")


def _keyed(message: str, block: ReportBlock) -> bool:
    """Whether the block's 形象进度 was typed under its key (`形象进度：…`, `进展：…`)."""
    text = block.progress_text
    at = message.find(text) if text else -1
    return at >= 0 and _KEY_BEFORE.sub("", message[:at]).endswith(_PROGRESS_KEYS)


def _has_figures(clause: str, owned: list[Project]) -> bool:
    """Whether the clause opens with an owned project's name and its figures after it."""
    opened = figure_opening(clause.strip(), owned)
    return opened is not None and bool(_FIGURE_TRIED.match(opened[1]))


def _has_figure(block: ReportBlock) -> bool:
    return not block.errors and bool(set(AMOUNT_FIELDS) & set(block.given))


def opening(text: str, owned: list[Project]) -> tuple[Project, str] | None:
    """The one owned project whose name `text` opens with, and the text after it; None where
    none, or several projects share the name piece (none of them by that alias)."""
    for length in range(min(len(text), MAX_NAME), 1, -1):
        part = text[:length]
        found = [p for p in owned if _names(p, part)]
        if len(found) > 1:  # `标准化厂房`: 一期's alias, a piece of 二期's name
            found = [p for p in found if part in aliases_of(p.aliases)]
            if len(found) != 1:
                return None
        if found:
            return found[0], text[length:].lstrip("：:，, 的")
    return None


HEAD = 2
"""A short name's head (`泽辰` of `泽辰碳材料`): what people shorten it to."""


def figure_opening(text: str, owned: list[Project]) -> tuple[Project, str] | None:
    """`opening`, or the head of one owned project's alias with a money figure glued after it
    (`泽辰累计50万`): a short name's head is a place's or a company's, seldom a part of the
    work, as a two-character piece of a name is (`管网`, `配套`); with a figure after it, it
    names that project."""
    opened = opening(text, owned)
    if opened is not None or _PART.match(text):
        return opened
    head, rest = text[:HEAD], text[HEAD:].lstrip("：: ")  # `泽辰：累计50万`, as `opening` reads
    found = [p for p in owned if any(a.startswith(head) for a in aliases_of(p.aliases))]
    if len(found) != 1 or figure_tried(rest) is None:
        return None
    return found[0], rest


def named_within(text: str, owned: list[Project]) -> list[Project]:
    """The owned projects `text` names anywhere (`今天太忙了，物流园资金还没到位`), as `opening`
    reads a name at each place, in the order named; a name read is not read again for a piece
    of another's inside it."""
    found: list[Project] = []
    at = 0
    while at < len(text) - 1:
        opened = opening(text[at:], owned)
        if opened is None:
            at += 1
            continue
        if opened[0] not in found:
            found.append(opened[0])
        at = len(text) - len(opened[1])
    return found


def _names(project: Project, part: str) -> bool:
    """Whether `part` names the project: one of its aliases (`厂房`), or a piece of its name or
    of an alias long enough to mean it (`配套`, `管网` are as often parts of the project)."""
    aliases = aliases_of(project.aliases)
    if part in aliases:
        return True
    return len(part) >= MIN_NAME and (part in project.name or any(part in a for a in aliases))
