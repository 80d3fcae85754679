"""The sender's own projects named where the grammar could not tell: another one opening a
report's 形象进度 read from text after its figures (`古书院累计1.17亿；老旧小区累计1490万；
景德桥还没开工` stored `景德桥还没开工` as 老旧小区's 形象进度: it is 景德桥's report), and
one opening a name no project has, the week's work said after it (`物流园这周设备安装基本完成，
累计完成4.15亿`: 物流园's report, that work its 形象进度)."""

from __future__ import annotations

import re
from dataclasses import replace

from handlers.context import Context
from handlers.reports.fields import AMOUNT_FIELDS, SYNONYMS
from handlers.reports.grammar import ReportBlock
from storage.models import Project
from storage.repos import projects
from storage.repos.projects import aliases_of

MIN_NAME = 3
"""The shortest piece of a project's name read as naming it (`景德桥`; `二期` names nothing);
an alias names it whole (`厂房`)."""
MAX_NAME = 15
_PROGRESS_KEYS = tuple(key for key, field in SYNONYMS.items() if field == "progress")
_KEY_BEFORE = re.compile(r"[\s:：]*$")
_WORK_DONE = re.compile(
    r"了|中|完成|完工|施工|安装|调试|开工|复工|封顶|铺设|浇筑|推进|验收|正在|已"
)
_PART = re.compile(r"^(?:项目|工程|[一二三四五六七八九十\d]+期|其中|含|包括)")


async def named_apart(ctx: Context, blocks: list[ReportBlock]) -> list[ReportBlock]:
    """The blocks, a 形象进度 read from unlabelled text that opens with another of the
    sender's projects' names made that project's report (the rest of the text its 形象进度)."""
    if not any(_unlabelled(ctx.msg.text, block) for block in blocks):
        return blocks
    owned = await projects.owned_by(ctx.session, ctx.person.id)
    out: list[ReportBlock] = []
    for block in blocks:
        named = _named(block, owned) if _unlabelled(ctx.msg.text, block) else None
        if named is None:
            out.append(block)
            continue
        project, rest = named
        given = [f for f in block.given if f != "progress"]
        out.append(replace(block, progress_text=None, given=given))
        said = ["progress"] if rest else []
        out.append(
            ReportBlock(
                project.name, block.progress_text or "", progress_text=rest or None, given=said
            )
        )
    return out


def _unlabelled(message: str, block: ReportBlock) -> bool:
    """Whether the block's 形象进度 was read from text after its figures, no key before it."""
    text = block.progress_text
    if not text or not any(f in block.given for f in AMOUNT_FIELDS):
        return False
    at = message.find(text)
    if at < 0:
        return False
    before = _KEY_BEFORE.sub("", message[:at])
    return not before.endswith(_PROGRESS_KEYS)


def _named(block: ReportBlock, owned: list[Project]) -> tuple[Project, str] | None:
    """The one owned project, not the block's own, whose name the 形象进度 opens with, and
    the text after it; None where no such name, or several projects share it."""
    opened = _opening(block.progress_text or "", owned)
    if opened is None:
        return None
    project, _ = opened
    if block.project_ref in project.name or _names(project, block.project_ref):
        return None
    return opened


async def named_in_front(ctx: Context, ref: str) -> tuple[Project, str] | None:
    """`物流园这周设备安装基本完成`, a name no project has (voice input, the name said and then
    the week's work): the sender's own project it opens with, and the rest, its 形象进度 —
    only a rest that tells of work (`物流园二期` is a part, or another project, never 物流园)."""
    opened = _opening(ref, await projects.owned_by(ctx.session, ctx.person.id))
    if opened is None or not _WORK_DONE.search(opened[1]) or _PART.match(opened[1]):
        return None
    return opened


def _opening(text: str, owned: list[Project]) -> tuple[Project, str] | None:
    """The one owned project whose name `text` opens with, and the text after it."""
    for length in range(min(len(text), MAX_NAME), 1, -1):
        part = text[:length]
        found = [p for p in owned if _names(p, part)]
        if len(found) > 1:
            return None
        if found:
            return found[0], text[length:].lstrip("：:，, 的")
    return None


def _names(project: Project, part: str) -> bool:
    """Whether `part` names the project: one of its aliases (`厂房`), or a piece of its name or
    of an alias long enough to mean it."""
    aliases = aliases_of(project.aliases)
    if part in aliases:
        return True
    return len(part) >= MIN_NAME and (part in project.name or any(part in a for a in aliases))
