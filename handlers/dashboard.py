"""`/看板`: a personal link to the dashboard, answered only in a 1:1 chat with the bot (in a
group everyone could open it); `/看板 收回 <姓名或手机>` for the office."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.messages import Reply
from core.signed_links import link_url
from handlers.commands import ROLE_NAMES, Command, Role
from handlers.context import Context
from storage.repos import audit, dashboard_links, people

USAGE = "/看板 [收回 <姓名或手机号|群链接>]"
SUMMARY = "私聊机器人获取本人的看板链接（有效期内可反复打开）；管理员可收回某人或群消息里的链接"
REVOKE = "收回"
GROUPS = "群链接"


class DashboardArgs(BaseModel):
    """Nothing (my link), or `收回 <姓名或手机号|群链接>`."""

    model_config = ConfigDict(extra="forbid")
    action: str | None = Field(default=None, title="操作")
    who: str | None = Field(default=None, title="姓名或手机号")

    @field_validator("action")
    @classmethod
    def _action(cls, value: str | None) -> str | None:
        if value is not None and value != REVOKE:
            raise ValueError(f"不认识的操作“{value[:10]}”，只能是“收回”")
        return value


async def on_dashboard(ctx: Context, args: DashboardArgs) -> Reply:
    """Answer the asker with their own link, or (admin) revoke someone's links."""
    if args.action == REVOKE:
        return await _revoke(ctx, args.who)
    if ctx.msg.chat_id is not None:  # a group would see, and could open, the asker's view
        return Reply(template="replies/dashboard", data={"outcome": "private"})
    person = ctx.person
    days = ctx.settings.dashboard.link_days
    link = await dashboard_links.issue(
        ctx.session, person.id, dashboard_links.PERSON, ctx.now, days
    )
    url = link_url(ctx.settings, link.id)
    if url is None:
        return Reply(template="replies/dashboard", data={"outcome": "closed"})
    expires = link.expires_at.date()
    return Reply(
        template="replies/dashboard",
        data={"outcome": "link", "url": url, "days": days, "expires": expires, "today": ctx.today},
    )


async def _revoke(ctx: Context, who: str | None) -> Reply:
    if not ctx.person.is_admin:
        info = {"name": "看板 收回", "usage": USAGE, "summary": SUMMARY}
        return Reply(
            template="replies/refused", data={"command": info, "who": ROLE_NAMES[Role.ADMIN]}
        )
    if not who:
        return Reply(template="replies/dashboard", data={"outcome": "who", "usage": USAGE})
    if who == GROUPS:
        count = await dashboard_links.revoke_groups(ctx.session, ctx.now)
        await _audit(ctx, GROUPS, count)
        return Reply(
            template="replies/dashboard",
            data={"outcome": "revoked", "name": GROUPS, "count": count},
        )
    found = await people.by_mobile(ctx.session, who)
    matches = [found] if found else await people.by_name(ctx.session, who)
    if len(matches) != 1:
        outcome = "nobody" if not matches else "several"
        return Reply(template="replies/dashboard", data={"outcome": outcome, "name": who[:20]})
    person = matches[0]
    count = await dashboard_links.revoke_person(ctx.session, person.id, ctx.now)
    await _audit(ctx, person.mobile, count)
    data = {"outcome": "revoked", "name": person.name, "count": count}
    return Reply(template="replies/dashboard", data=data)


async def _audit(ctx: Context, whose: str, count: int) -> None:
    await audit.note(
        ctx.session,
        at=ctx.now,
        actor=ctx.person.name,
        entity="dashboard_links",
        entity_key=whose,
        action="revoke",
        detail={"count": count},
    )


def commands() -> list[Command]:
    """The dashboard link command."""
    return [
        Command("看板", ("dashboard",), Role.MEMBER, DashboardArgs, on_dashboard, USAGE, SUMMARY)
    ]
