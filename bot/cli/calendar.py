"""`diaodu calendar import NOTICE.txt` and `diaodu calendar show YYYY`."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import VerbError, check_calendar, holidays_path
from core.settings import Settings
from domain.calendar import Source, WorkCalendar
from domain.calendar_text import describe_notice, describe_year
from domain.files import cannot_read, why_unreadable, why_unwritable
from domain.holiday_file import HolidaysFileError, write_notice
from domain.notice import Notice, NoticeError, parse_notice


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `calendar import` / `calendar show`."""
    if args.action == "import":
        return import_notice(args.notice, holidays_path(settings))
    return show_year(args.year, settings)


def import_notice(source: Path, target: Path) -> int:
    """Read a notice, print what it says, and write its year into the holidays file."""
    text = _read_text(source)
    try:
        notice = parse_notice(text)
    except NoticeError as exc:
        raise VerbError(f"{source} 无法全部读懂，节假日文件未改动。\n{exc}") from exc
    print(f"已读取：{notice.title}")
    print("\n".join(describe_notice(notice)))
    try:
        replaced = write_notice(target, notice)
    except HolidaysFileError as exc:
        raise VerbError(str(exc)) from exc
    except OSError as exc:
        # /etc/diaodu is root's while diaodu-cli runs as the service user
        raise VerbError(
            f"无法写入节假日文件 {target}（{why_unwritable(exc)}）：请在配置里把 [calendar] "
            "holidays_file 指到运行本命令的用户能写的位置（如 /var/lib/diaodu/holidays.toml），"
            "再运行一次"
        ) from exc
    again = "（替换了原有的数据）" if replaced else ""
    print(f"已写入 {target.resolve()} 的 [{notice.year}]{again}")
    print("运行中的服务会在几秒内自动重新读取，无需重启。")
    package = WorkCalendar.load(None)
    if package.has_data_for(notice.year):
        same = _same_as_package(package, notice)
        print(
            "与 chinesecalendar 软件包的数据一致。"
            if same
            else "注意：与软件包的数据不同，以节假日文件为准。"
        )
    return 0


def show_year(text: str, settings: Settings) -> int:
    """Print a year's days off and 调休 working days with where they come from."""
    if not (text.isdigit() and len(text) == 4):
        raise VerbError(f"年份“{text}”应写成四位数字，如 2027", 2)
    check_calendar(settings)
    path = holidays_path(settings)
    calendar = WorkCalendar.load(path)
    days = calendar.year_days(int(text))
    lines = describe_year(days, path)
    if days.source is Source.FALLBACK:
        lines[-1] += "通知发布后请运行 diaodu calendar import 通知.txt"
    print("\n".join(lines))
    return 0


def _same_as_package(package: WorkCalendar, notice: Notice) -> bool:
    days = package.year_days(notice.year)
    holidays = {day for holiday in notice.holidays for day in holiday.days}
    return holidays == set(days.holidays) and {w.day for w in notice.workdays} == set(days.workdays)


def _read_text(path: Path) -> str:
    if (why := cannot_read(path)) is not None:
        raise VerbError(f"无法读取 {path}：{why}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VerbError(f"无法读取 {path}：{why_unreadable(exc)}") from exc
    for encoding in ("utf-8-sig", "gb18030"):  # saved from a web page, or by Notepad
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise VerbError(f"{path} 不是文本文件（应为 UTF-8 或 GBK 编码的通知全文）")
