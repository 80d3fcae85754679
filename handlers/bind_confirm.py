"""`/确认绑定 <手机号> [序号]`: an admin, in the office group, lets a waiting account bind."""

from __future__ import annotations

from core.messages import Reply
from handlers.context import Context
from handlers.identity_args import ConfirmArgs, audit
from storage.models import BindRequest, Identity, Person
from storage.repos import bind_requests, people


async def on_confirm(ctx: Context, args: ConfirmArgs) -> Reply:
    """Bind the account that asked for this mobile, once an admin has checked it is theirs."""
    if not in_office_group(ctx):
        return _reply("not_office")
    person = await people.lock_by_mobile(ctx.session, args.mobile)
    waiting = await bind_requests.waiting(ctx.session, person.id, ctx.now) if person else []
    if person is None or not waiting:
        return _reply("none", mobile=args.mobile)
    if (args.choice is None and len(waiting) > 1) or (args.choice or 1) > len(waiting):
        return _reply("choose", mobile=args.mobile, name=person.name, requests=_listed(waiting))
    request = waiting[(args.choice or 1) - 1]
    data = {"name": person.name, "mobile": person.mobile, **_listed([request])[0]}
    if await people.identity_of(ctx.session, person.id, request.platform) is not None:
        return _reply("still_bound", **data)
    holder = await people.person_of(ctx.session, request.platform, request.external_id)
    if holder is not None:
        return _reply("account_taken", holder=holder.name, **data)
    await _bind(ctx, person, request)
    await bind_requests.settle(ctx.session, person.id, request.platform)
    return _reply("confirmed", **data)


def in_office_group(ctx: Context) -> bool:
    """Whether the message came from an office group (true when none names its chat id)."""
    office = [
        group
        for group in ctx.settings.groups
        if group.role == "office" and group.platform == ctx.msg.platform and group.chat_id
    ]
    if not office:
        return True  # the group's chat id is not configured: the admin's role is the check
    names = {group.chat_id for group in office}
    if ctx.msg.platform == "local":  # the simulator names a local group by its name too
        names |= {group.name for group in office}
    return ctx.msg.chat_id in names


async def _bind(ctx: Context, person: Person, request: BindRequest) -> None:
    ctx.session.add(
        Identity(
            person_id=person.id,
            platform=request.platform,
            external_id=request.external_id,
            bound_by_chat=True,
        )
    )
    await audit(
        ctx,
        "bind_confirm",
        person.mobile,
        bound_platform=request.platform,
        bound_account=request.external_id,
    )


def _listed(requests: list[BindRequest]) -> list[dict[str, object]]:
    return [
        {
            "platform": request.platform,
            "account": request.external_id[:60],
            "sender_name": request.sender_name,
            "at": request.requested_at,
        }
        for request in requests
    ]


def _reply(outcome: str, **data: object) -> Reply:
    return Reply(template="replies/bind_confirm", data={"outcome": outcome, **data})
