"""`/绑定` and `/解绑`: tying a platform account to a ledger person."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from core.messages import Reply
from handlers.commands import Command, Role
from handlers.context import Context
from storage.models import Audit, Identity
from storage.repos import people

MOBILE = re.compile(r"^1\d{10}$")


class MobileArgs(BaseModel):
    """A mobile number argument."""

    mobile: str = Field(title="手机号")

    @field_validator("mobile")
    @classmethod
    def _mobile(cls, value: str) -> str:
        value = value.replace("-", "").replace(" ", "")
        if not MOBILE.match(value):
            raise ValueError(f"“{value}”不是 11 位手机号")
        return value


async def on_bind(ctx: Context, args: MobileArgs) -> Reply:
    """Bind the sender's platform identity to the ledger person with that mobile."""
    platform = ctx.msg.platform
    if platform == "local":
        return Reply(template="replies/bind", data={"outcome": "local"})
    if ctx.sender is not None:
        return Reply(template="replies/bind", data={"outcome": "already", "name": ctx.sender.name})
    person = await people.by_mobile(ctx.session, args.mobile)
    if person is None:
        return Reply(template="replies/bind", data={"outcome": "no_person", "mobile": args.mobile})
    if person.is_admin:
        # An admin can assign and close issues: that account is registered by the office only.
        return Reply(template="replies/bind", data={"outcome": "admin", "mobile": args.mobile})
    if await people.identity_of(ctx.session, person.id, platform) is not None:
        return Reply(template="replies/bind", data={"outcome": "taken", "mobile": args.mobile})
    ctx.session.add(
        Identity(
            person_id=person.id,
            platform=platform,
            external_id=ctx.msg.sender_id,
            bound_by_chat=True,
        )
    )
    _audit(ctx, "bind", person.mobile)
    data = {"name": person.name, "mobile": person.mobile, "platform": platform}
    ctx.push("office", Reply(template="pushes/bound", data=data), f"bind:{ctx.msg.msg_id}")
    return Reply(template="replies/bind", data={"outcome": "bound", **data})


async def on_unbind(ctx: Context, args: MobileArgs) -> Reply:
    """Admin: remove the identity on this platform of the person with that mobile."""
    person = await people.by_mobile(ctx.session, args.mobile)
    identity = None
    if person is not None:
        identity = await people.identity_of(ctx.session, person.id, ctx.msg.platform)
    if person is None or identity is None:
        return Reply(template="replies/bind", data={"outcome": "not_bound", "mobile": args.mobile})
    await ctx.session.delete(identity)
    _audit(ctx, "unbind", person.mobile)
    return Reply(template="replies/bind", data={"outcome": "unbound", "name": person.name})


def _audit(ctx: Context, action: str, mobile: str) -> None:
    actor = ctx.sender.name if ctx.sender else ctx.msg.sender_id
    ctx.session.add(
        Audit(
            at=ctx.now,
            actor=actor,
            entity="identity",
            entity_key=mobile,
            action=action,
            detail={"platform": ctx.msg.platform, "external_id": ctx.msg.sender_id},
        )
    )


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
            "解绑",
            ("unbind",),
            Role.ADMIN,
            MobileArgs,
            on_unbind,
            "/解绑 <手机号>",
            "撤销某人在本平台的绑定（管理员）",
        ),
    ]
