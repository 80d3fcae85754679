"""Every verb's arguments (SPEC §7), built from argparse alone.

Kept apart from the verbs' code so that parsing a command line, `--help` or a mistyped
verb imports none of the database, the settings or the chat code: each verb's module is
imported only when that verb runs (bot.cli.main).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.parser import ChineseParser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb of SPEC §7."""
    parser: argparse.ArgumentParser = ChineseParser(prog="diaodu", description="项目建设调度机器人")
    parser.add_argument("--config", type=Path, help="配置文件 (默认 ./config.toml，可写在命令前后)")
    sub = parser.add_subparsers(dest="verb", required=True)
    sub.add_parser("init", help="写出 config.toml 并建库")
    sub.add_parser("serve", help="启动服务")
    demo = sub.add_parser("demo", help="生成演示台账并以本地模拟器启动")
    demo.add_argument("--dir", type=Path, default=Path("."), help="演示数据文件夹")
    demo.add_argument("--no-serve", action="store_true", help="只生成并导入，不启动")
    demo.add_argument(
        "--at", type=_moment, metavar='"YYYY-MM-DD HH:MM"', help="固定演示时钟（默认为当前时间）"
    )
    imp = sub.add_parser("import", help="导入台账 (.xlsx/.csv)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--skip-bad-rows", action="store_true", help="跳过有错的行，导入其余行")
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出将新增、更新的内容，不写入"
    )
    imp.add_argument(
        "--new-units", action="store_true", help="允许台账中出现数据库里还没有的单位（新建）"
    )
    imp.add_argument(
        "--year", type=_year, metavar="YYYY", help="计划年度（默认取表头或标题中的年份，否则今年）"
    )
    exp = sub.add_parser("export", help="导出台账或月报表")
    exp.add_argument("file", type=Path)
    exp.add_argument("--monthly", metavar="YYYY-MM", help="导出该月的月报表")
    exp.add_argument("--year", type=_year, metavar="YYYY", help="导出该年度的计划（默认今年）")
    db = sub.add_parser("db", help="数据库")
    db.add_argument("action", choices=["upgrade"])
    jobs = sub.add_parser("jobs", help="定时任务")
    jobs.add_argument("action", choices=["list", "run"])
    jobs.add_argument("job", nargs="?", help="任务 id，如 weekly_reminder")
    jobs.add_argument("--at", help='按此时间运行，"YYYY-MM-DD HH:MM"')
    jobs.add_argument("--dry-run", action="store_true", help="只打印要推送的消息，不入队")
    _outbox(sub)
    _calendar(sub)
    sub.add_parser("check-config", help="检查配置并列出所有问题")
    _doctor(sub)
    backup = sub.add_parser("backup", help="备份数据库")
    backup.add_argument("file", type=Path, nargs="?", help="备份文件 (默认带时间戳)")
    return parser


def _outbox(sub: Any) -> None:
    """`outbox list|retry`."""
    outbox = sub.add_parser("outbox", help="推送队列：查看推送、重发失败的推送")
    actions = outbox.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="列出最近的推送（新的在前）")
    listing.add_argument(
        "--status", choices=["pending", "failed", "sent", "all"], default="all", help="只看某状态"
    )
    listing.add_argument("--limit", type=int, default=30, help="最多列出几条 (默认 30)")
    retry = actions.add_parser("retry", help="把失败的推送重新排队，马上发送")
    retry.add_argument("ids", type=int, nargs="*", metavar="编号", help="要重发的推送编号")
    retry.add_argument("--all-failed", action="store_true", help="重发全部失败的推送")


def _calendar(sub: Any) -> None:
    """`calendar import|show`."""
    cal = sub.add_parser("calendar", help="节假日：导入国务院通知、查看某年安排")
    verbs = cal.add_subparsers(dest="action", required=True)
    imp = verbs.add_parser("import", help="读取国务院放假通知全文，写入节假日文件")
    imp.add_argument("notice", type=Path, help="通知全文（文本文件）")
    show = verbs.add_parser("show", help="列出某年的放假日和调休上班日及其来源")
    # required, as SPEC §7 writes the verb; named in Chinese where argparse says it is missing
    show.add_argument("year", metavar="年份", help="如 2027")


def _doctor(sub: Any) -> None:
    """`doctor [--send-test GROUP]`."""
    doctor = sub.add_parser("doctor", help="对照各平台检查配置（只读，不在群里发消息）")
    doctor.add_argument(
        "--send-test", metavar="群名", help="再向这个群发一条一行的测试消息，报告平台的答复"
    )


def _moment(text: str) -> str:
    """A fixed clock time on the command line, as `clock.now` takes it."""
    from domain.clock import LATEST_YEAR, parse_local_time
    from domain.dates import EARLIEST_YEAR

    try:
        parse_local_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"时间“{text}”应写成 YYYY-MM-DD HH:MM，年份在 {EARLIEST_YEAR}–{LATEST_YEAR} 之间"
        ) from exc
    return text


def _year(text: str) -> int:
    """A plan year on the command line: four digits."""
    if not (text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写成四位数字，如 2027")
    return int(text)
