"""Pushes a message queued for a role no group is configured for: recorded, the sender told."""

from __future__ import annotations

from core.messages import Reply
from core.reach import role_name
from handlers.context import Context
from storage.repos import undelivered

WHAT = {
    "pushes/issue_new": "新问题通知",
    "pushes/issue_changed": "问题变更通知",
    "pushes/issue_update": "问题交办/督办通知",
    "pushes/close_requested": "销号申请",
    "pushes/assign_asked": "督办交办",
    "pushes/close_pressed": "督办销号",
    "pushes/bound": "绑定通知",
    "pushes/bind_request": "绑定确认申请",
}


async def unreached(ctx: Context) -> list[Reply]:
    """Record each push of this message whose role has no group; a note for the sender."""
    if not ctx.pushes:  # most messages push nothing: no need to gather the groups' roles
        return []
    configured = {group.role for group in ctx.settings.groups}
    missed = [push for push in ctx.pushes if push.role not in configured]
    for push in missed:
        name = role_name(push.role)
        await undelivered.record(
            ctx.session,
            key=f"chat:{ctx.msg.platform}:{ctx.msg.msg_id}:{push.key}",
            at=ctx.now,
            source=WHAT.get(push.reply.template, "消息"),
            what=f"{WHAT.get(push.reply.template, '消息')}（{push.key}）",
            target=name,
            reason=f"没有配置{name}",
            issuer_id=ctx.sender.id if ctx.sender else None,
        )
    if ctx.sender is None:
        # A stranger (one who asks to bind) must not learn from a note whether anything was sent.
        return []
    names = sorted({role_name(push.role) for push in missed})
    return [Reply(template="replies/unreached", data={"names": names})] if names else []
