"""`/帮助`: the few commands the asker's role uses, each with an example; `/帮助 全部` for the
rest and `/帮助 <命令>` for one. Chinese names only: the English aliases still work, unlisted."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.messages import Reply
from handlers.commands import Command, Role, may_run
from handlers.context import Context
from handlers.help_list import grouped
from storage.models import Person
from storage.repos.examples import LedgerExample, ledger_example

ALL = ("全部", "所有", "更多", "all")
REPORTING = ("进度", "报进度", "填报", "进度填报", "report")
"""Asked about reporting, which is a message rather than a command."""
EXAMPLES = {
    "项目": "/项目 物流园",
    "我的": "/我的",
    "未报": "/未报 北石店镇",
    "亮灯": "/亮灯 红灯",
    "排名": "/排名",
    "问题清单": "/问题清单 物流园",
    "模板": "/模板 物流园",
    "撤回": "/撤回",
    "请假": "/请假 5月6日-5月9日 王强",
    "问题": "/问题 物流园 临时用地手续未办结",
    "交办": "/交办 #3 北石店镇 张伟 5个工作日",
    "督办": "/督办 #3 本周内办结",
    "进展": "/进展 #3 已报市局审批",
    "销号": "/销号 #3 手续已办结",
    "驳回": "/驳回 #3 现场仍未通电，请继续办理",
    "重开": "/重开 #3 仍未通电",
    "绑定": "/绑定 13912345678",
    "解绑": "/解绑 13912345678",
    "调度会": "/调度会 改期 5月8日",
    "帮助": "/帮助 全部",
    "看板": "/看板",
    "月报表": "/月报表 11月",
}
"""One line each, as the asker would type it; the names in them (DEMO) are replaced with the
office's own (storage.repos.examples)."""
DEMO = {"project": "物流园", "unit": "北石店镇", "owner": "张伟"}
BY_ROLE = {
    "stranger": ("绑定",),
    "owner": ("模板", "我的", "撤回", "请假", "问题", "销号"),
    "member": ("项目", "未报", "亮灯", "问题清单", "问题", "排名"),
    "leader": ("我的", "亮灯", "未报", "看板", "项目", "督办"),
    "admin": ("未报", "亮灯", "问题清单", "交办", "销号", "看板"),
}
ROLE_TITLES = {
    "stranger": "未登记人员",
    "owner": "项目责任人",
    "member": "单位人员",
    "leader": "包联领导",
    "admin": "专班办公室",
}


class HelpArgs(BaseModel):
    """`[全部|命令]`."""

    model_config = ConfigDict(extra="forbid")
    topic: str | None = Field(default=None, title="命令")


def role_of(person: Person | None) -> str:
    """Which help a person gets: the most specific of their roles."""
    if person is None:
        return "stranger"
    if person.is_admin:
        return "admin"
    if person.is_leader:
        return "leader"
    return "owner" if person.is_owner else "member"


def help_command(table: list[Command]) -> Command:
    """The /帮助 command over `table` (itself included)."""

    async def on_help(ctx: Context, args: HelpArgs) -> Reply:
        commands = {c.name: c for c in [*table, command]}
        topic = (args.topic or "").strip().lstrip("/／")
        own = await ledger_example(ctx.session, ctx.sender)
        if topic.lower() in ALL:
            # what the asker may run, a short line each: an admin's 27 fit a phone (SPEC §8)
            mine = [c for c in commands.values() if may_run(c, ctx.sender)]
            others = [c for c in commands.values() if not may_run(c, ctx.sender)]
            data = {
                "groups": grouped(mine, owner=role_of(ctx.sender) == "owner"),
                "others": len(others),
                "for_whom": _for_whom(others, ctx.sender is not None),
            }
            return Reply(template="replies/help_all", data=data)
        if topic.lower() in REPORTING:
            return Reply(template="replies/help_report", data={"example": _project(own)})
        if topic:
            found = next((c for c in commands.values() if topic.lower() in _names(c)), None)
            one = {"topic": topic[:20], "command": _row(found, own) if found else None}
            return Reply(template="replies/help_one", data=one)
        role = role_of(ctx.sender)
        rows = [_row(commands[name], own) for name in BY_ROLE[role] if name in commands]
        data = {
            "role": ROLE_TITLES[role],
            "commands": rows,
            "reports": role == "owner",
            "example": _project(own),
            # the simulator knows people by their ledger mobile: /绑定 would not help there
            "local": ctx.msg.platform == "local",
        }
        return Reply(template="replies/help", data=data)

    command = Command(
        name="帮助",
        aliases=("help", "h"),
        role=Role.ANYONE,
        args=HelpArgs,
        handler=on_help,
        usage="/帮助 [全部|命令]",
        summary="常用命令；“/帮助 全部”看全部命令，“/帮助 亮灯”看某个命令",
        reads_only=True,
    )
    return command


def _for_whom(hidden: list[Command], known: bool) -> str:
    """Who may run the commands a person's /帮助 全部 leaves out."""
    if not known:
        return "登记后可用"
    if all(c.role is Role.ADMIN for c in hidden):
        return "供专班办公室使用"
    return "供包联领导或专班办公室使用"


def _names(command: Command) -> set[str]:
    return {name.lower() for name in command.names}


def _row(command: Command, own: LedgerExample | None) -> dict[str, str]:
    return {
        "name": command.name,
        "usage": command.usage,
        "summary": command.summary,
        "rule": command.rule,
        "short": command.summary.split("；")[0].split("，如")[0],
        "example": _in_ledger(EXAMPLES.get(command.name, command.usage), own),
    }


def _in_ledger(example: str, own: LedgerExample | None) -> str:
    """The example with the demo's names replaced by the office's own."""
    if own is None:
        return example
    words = {"project": own.project, "unit": own.unit, "owner": own.owner or DEMO["owner"]}
    for key, demo in DEMO.items():
        example = example.replace(demo, words[key])
    return example


def _project(own: LedgerExample | None) -> str:
    """A project to write a report about in an example."""
    return own.project if own else "城区智慧物流园"
