"""Pushes go to the outbox (or, on a dry run, to the screen) — jobs never send."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from scheduler.context import JobContext, Push
from storage.repos import outbox


async def deliver(ctx: JobContext, pushes: Sequence[Push], now: datetime) -> int:
    """Queue each push once (by key); return how many were new."""
    new = 0
    async with ctx.db.write() as session:
        for push in pushes:
            new += await outbox.enqueue(
                session,
                key=push.key,
                platform=push.group.platform,
                destination=push.group.name,
                payload=push.message.model_dump(mode="json"),
                now=now,
            )
    return new


def describe(pushes: Sequence[Push]) -> str:
    """Every push with its destination, for `jobs run --dry-run`."""
    if not pushes:
        return "（此时没有要推送的消息）"
    blocks = []
    for push in pushes:
        text = push.message.text
        mentions = " ".join(
            f"@{m.name}({m.user_id or m.mobile or ''})"
            for m in push.message.mentions
            if not m.written_in(text)
        )
        head = f"→ [{push.group.platform}] {push.group.name}（{push.group.role}）  key={push.key}"
        blocks.append("\n".join(filter(None, [head, text, mentions])))
    return "\n\n".join(blocks)
