"""`diaodu outbox list|retry`: what the office sees of the pushes, and sending failed ones again."""

from __future__ import annotations

import argparse
import asyncio
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bot.cli.common import VerbError, open_database
from bot.cli.doctor.codes import meaning
from core.settings import Settings

STATUS_LABELS = {
    "pending": "待发送",
    "claimed": "发送中",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "失败",
}
_CODED = re.compile(r"^\[(-?\d+)\]\s*(.*)$", re.DOTALL)
HEADERS = ("编号", "状态", "次数", "目标群", "下次尝试", "最后错误", "内容")
WIDEST = (8, 6, 4, 20, 11, 36, 30)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `diaodu outbox <action>`."""
    if args.action == "list":
        return asyncio.run(_list(settings, args.status, args.limit))
    if bool(args.ids) == bool(args.all_failed):
        raise VerbError("请给出要重发的推送编号，或者用 --all-failed（二者选一）", 2)
    return asyncio.run(_retry(settings, args.ids or None))


async def _list(settings: Settings, status: str, limit: int) -> int:
    from storage.repos import outbox_admin

    db = await open_database(settings, migrate="empty")
    try:
        async with db.read() as session:
            rows = await outbox_admin.latest(session, status, max(limit, 1))
    finally:
        await db.dispose()
    if not rows:
        print("（没有符合条件的推送）")
        return 0
    cells = [
        (
            f"#{row.id}",
            _status(row.status, row.last_error),
            str(row.attempts),
            row.destination,
            row.next_try_at.strftime("%m-%d %H:%M") if row.status == "pending" else "-",
            _one_line(explained(row.platform, row.last_error) if row.last_error else "-"),
            _first_line(row.payload),
        )
        for row in rows
    ]
    print(render_table(HEADERS, cells, WIDEST))
    return 0


def explained(platform: str, error: str) -> str:
    """A stored failure (`[310000] DingTalk errcode 310000: sign not match`) with what the
    platform's code means and what to do, as `diaodu doctor` says it."""
    found = _CODED.match(error)
    if found is None:
        return error
    _, said, fix = meaning(platform, int(found[1]), found[2])
    return f"[{found[1]}] {said}" + (f"：{fix}" if fix else "")


def _status(status: str, error: str | None) -> str:
    from storage.repos.outbox_queue import RETRY_BY_HAND

    # Cut off mid-request, or no answer in time: the group may have it; a person must check.
    if status == "failed" and error and RETRY_BY_HAND in error:
        return "未确认"
    return STATUS_LABELS.get(status, status)


async def _retry(settings: Settings, ids: list[int] | None) -> int:
    from domain.clock import Clock
    from storage.repos import outbox_admin

    db = await open_database(settings, migrate="empty")
    try:
        async with db.write() as session:
            # Real time: the worker runs on it even when the business clock is frozen.
            reset = await outbox_admin.retry_failed(session, Clock().now(), ids)
            left = await outbox_admin.statuses(session, sorted(set(ids or []) - set(reset)))
    finally:
        await db.dispose()
    problems = [
        f"#{id_} 不存在"
        if id_ not in left
        else f"#{id_} 状态为{STATUS_LABELS.get(left[id_], left[id_])}，未改动"
        for id_ in sorted(set(ids or []) - set(reset))
    ]
    if reset:
        print(f"已重新排队 {len(reset)} 条：" + " ".join(f"#{id_}" for id_ in reset))
    elif ids is None:
        print("没有失败的推送")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _first_line(payload: dict[str, Any]) -> str:
    text = str(payload.get("title") or payload.get("text") or "")
    return next((line.strip("#*> ") for line in text.splitlines() if line.strip()), "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_table(
    headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], widest: tuple[int, ...]
) -> str:
    """Columns aligned by display width (a CJK character takes two), long cells cut with …."""
    columns = list(zip(headers, *rows, strict=False))
    widths = [
        min(max(_width(cell) for cell in column), limit)
        for column, limit in zip(columns, widest, strict=True)
    ]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(
            _pad(_cut(cell, width), width) for cell, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + _width(char) > width - 1:
            break
        out, used = out + char, used + _width(char)
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
