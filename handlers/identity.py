"""`/绑定` and `/解绑`: tying a platform account to a ledger person.

An owner's mobile binds at once (the office is told and can undo it); a leader's or an admin's
only when an admin confirms it in the office group (`/确认绑定`, handlers.bind_confirm), since
those accounts see and may change everything. Whatever cannot bind at once gets one and the
same answer, so a stranger cannot learn from it whether a mobile is in the ledger or whose it is.
"""

from __future__ import annotations

from core.messages import Reply
from handlers.bind_confirm import on_confirm
from handlers.commands import Command, Role
from handlers.context import Context
from handlers.identity_args import ConfirmArgs, MobileArgs, audit, masked
from storage.models import Identity, Person
from storage.repos import bind_requests, people


async def on_bind(ctx: Context, args: MobileArgs) -> Reply:
    """Bind the sender's platform identity to the ledger person with that mobile."""
    platform = ctx.msg.platform
    if platform == "local":
        return Reply(template="replies/bind", data={"outcome": "local"})
    if ctx.sender is not None:
        return Reply(template="replies/bind", data={"outcome": "already", "name": ctx.sender.name})
    person = await people.lock_by_mobile(ctx.session, args.mobile)
    if person is None or await people.person_of(ctx.session, platform, ctx.msg.sender_id):
        await audit(ctx, "bind_refused", args.mobile)
        return _asked(args.mobile)
    taken = await people.identity_of(ctx.session, person.id, platform) is not None
    if taken or person.is_leader or person.is_admin:
        return await _ask_office(ctx, person, taken)
    ctx.session.add(
        Identity(
            person_id=person.id,
            platform=platform,
            external_id=ctx.msg.sender_id,
            bound_by_chat=True,
        )
    )
    await audit(ctx, "bind", person.mobile)
    data = {"name": person.name, "mobile": person.mobile, "platform": platform}
    ctx.push("office", Reply(template="pushes/bound", data=data), f"bind:{ctx.msg.msg_id}")
    return Reply(template="replies/bind", data={"outcome": "bound", **data})


async def _ask_office(ctx: Context, person: Person, taken: bool) -> Reply:
    """Keep the request for an admin's `/确认绑定` and tell the office (once per account)."""
    msg = ctx.msg
    shown = (msg.sender_name or "")[:50] or None  # a platform's nickname has no set length
    new = await bind_requests.ask(
        ctx.session, person.id, msg.platform, msg.sender_id, shown, ctx.now
    )
    await audit(ctx, "bind_request", person.mobile)
    if new:
        data = {
            "name": person.name,
            "mobile": person.mobile,
            "role": _role(person),
            "platform": msg.platform,
            "account": msg.sender_id[:60],
            "sender_name": shown,
            "taken": taken,
        }
        ctx.push("office", Reply(template="pushes/bind_request", data=data), f"bind:{msg.msg_id}")
    return _asked(person.mobile)


def _asked(mobile: str) -> Reply:
    return Reply(template="replies/bind", data={"outcome": "asked", "masked": masked(mobile)})


def _role(person: Person) -> str:
    if person.is_admin:
        return "专班办公室管理员"
    return "包联领导" if person.is_leader else "项目责任人"


async def on_unbind(ctx: Context, args: MobileArgs) -> Reply:
    """Admin: remove the identity on this platform of the person with that mobile; bound only
    on others, say which (the office reads a Feishu binding's notice in its WeCom group: it
    is undone in a Feishu chat, never by removing the WeCom account the person really uses)."""
    person = await people.lock_by_mobile(ctx.session, args.mobile)
    identity = None
    if person is not None:
        identity = await people.identity_of(ctx.session, person.id, ctx.msg.platform)
    elsewhere = await people.platforms_of(ctx.session, person.id) if person else []
    if identity is None and elsewhere:
        data = {"outcome": "bound_elsewhere", "mobile": args.mobile, "platforms": elsewhere}
        return Reply(template="replies/bind", data=data)
    if person is None or identity is None:
        return Reply(template="replies/bind", data={"outcome": "not_bound", "mobile": args.mobile})
    await ctx.session.delete(identity)
    await audit(ctx, "unbind", person.mobile)
    return Reply(template="replies/bind", data={"outcome": "unbound", "name": person.name})


def commands() -> list[Command]:
    """The identity commands."""
    return [
        Command(
            "绑定",
            ("bind",),
            Role.ANYONE,
            MobileArgs,
            on_bind,
            "/绑定 <手机号>",
            "把本账号绑定到台账登记的手机号",
        ),
        Command(
            "确认绑定",
            ("confirmbind",),
            Role.ADMIN,
            ConfirmArgs,
            on_confirm,
            "/确认绑定 <手机号> [序号]",
            "确认领导或管理员账号的绑定申请（管理员，在专班办公室群）",
        ),
        Command(
            "解绑",
            ("unbind",),
            Role.ADMIN,
            MobileArgs,
            on_unbind,
            "/解绑 <手机号>",
            "撤销某人在本平台的绑定（管理员）",
        ),
    ]
