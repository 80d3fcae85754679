"""`/帮助 全部`: the commands the asker may run, grouped by what they are for, one short line
each, so an admin's 27 fit a phone message (SPEC §8: ≤ 30 lines, ≤ 900 characters). Usage and
examples are left to `/帮助 <命令>`."""

from __future__ import annotations

from typing import Any

from handlers.commands import Command

LOOK = ("项目", "我的", "亮灯", "未报", "排名", "开工", "重点", "竣工", "调度会", "看板", "月报表")
REPORT = ("模板", "撤回", "请假")
ISSUES = ("问题", "问题清单", "进展", "督办", "交办", "销号", "驳回", "重开")
GROUPS = {"查看": LOOK, "填报": REPORT, "问题": ISSUES}
"""Listed a command a line, in this order (an owner's 填报 first: reporting is his work)."""
ACCOUNT = ("绑定", "确认绑定", "解绑")
"""Last, under 账号 (其他 when it holds the office's upkeep or a command not grouped above);
several are named on one line: an admin knows them, and the budget has no lines to spare."""
REPORTING = "第一行写“进度 项目名”，下面逐行写完成额、形象进度、存在问题（“/帮助 进度”看写法）"
"""Reporting is a message, not a command: said under 填报's title."""
SHORT = {
    "项目": "一个项目的完成、序时、亮灯、问题",
    "我的": "我负责或包联的项目",
    "亮灯": "红灯、黄灯项目及原因",
    "未报": "本周还没报进度的项目",
    "排名": "各单位序时进度排名",
    "开工": "开复工率对照目标",
    "重点": "重点项目的亮灯和投资",
    "竣工": "今年计划竣工的项目",
    "调度会": "下次双周调度会",
    "看板": "看板链接（私聊机器人）",
    "月报表": "月报表下载（私聊机器人）",
    "模板": "预填了上次数据的填报模板",
    "撤回": "撤回最后一次填报",
    "请假": "请假不催报，可指定代报人",
    "问题": "登记项目存在的问题",
    "问题清单": "未销号的问题",
    "进展": "补充问题办理进展",
    "督办": "督办问题，升级一级",
    "交办": "把问题交办给单位或个人",
    "销号": "问题办结后销号",
    "驳回": "不同意销号申请",
    "重开": "重新打开已销号的问题",
}
"""What each command is for, in a phone's line; a command missing here shows its summary's
first clause."""


def grouped(mine: list[Command], owner: bool) -> list[dict[str, Any]]:
    """`mine` (the help command left out: the reply's last line names it) in their groups."""
    by_name = {c.name: c for c in mine if c.name != "帮助"}
    order = ["填报", "查看", "问题"] if owner else ["查看", "填报", "问题"]
    groups: list[dict[str, Any]] = []
    for title in order:
        rows = [_row(by_name.pop(name)) for name in GROUPS[title] if name in by_name]
        if rows:
            intro = REPORTING if title == "填报" else ""
            groups.append({"title": title, "intro": intro, "commands": rows, "inline": False})
    if by_name:
        title = "账号" if set(by_name) <= set(ACCOUNT) else "其他"
        rows = [_row(c) for c in by_name.values()]
        groups.append({"title": title, "intro": "", "commands": rows, "inline": len(rows) > 1})
    return groups


def _row(command: Command) -> dict[str, str]:
    short = SHORT.get(command.name) or command.summary.split("；")[0].split("，如")[0]
    return {"name": command.name, "short": short}
