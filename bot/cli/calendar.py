"""`diaodu calendar import NOTICE.txt` and `diaodu calendar show YYYY`."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.cli.common import VerbError, check_calendar, holidays_path
from core.settings import Settings
from domain.calendar import Source, WorkCalendar, YearDays
from domain.holiday_file import merge_notice, parse_holidays_file
from domain.notice import Notice, NoticeError, parse_notice
from domain.notice_dates import weekday_name

_ONE_DAY = timedelta(days=1)


def add_parser(sub: Any) -> None:
    """`calendar import|show`."""
    cal = sub.add_parser("calendar", help="节假日：导入国务院通知、查看某年安排")
    verbs = cal.add_subparsers(dest="action", required=True)
    imp = verbs.add_parser("import", help="读取国务院放假通知全文，写入节假日文件")
    imp.add_argument("notice", type=Path, help="通知全文（文本文件）")
    show = verbs.add_parser("show", help="列出某年的放假日和调休上班日及其来源")
    show.add_argument("year", help="年份，如 2027")


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
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    try:
        merged = merge_notice(before, notice)
    except Exception as exc:  # tomlkit's own errors: the existing file is not valid TOML
        raise VerbError(f"节假日文件 {target} 格式有误，未改动：{exc}") from exc
    print(f"已读取：{notice.title}")
    print("\n".join(describe_notice(notice)))
    _write(target, merged)
    replaced = "（替换了原有的数据）" if f"[{notice.year}]" in before else ""
    print(f"已写入 {target.resolve()} 的 [{notice.year}]{replaced}")
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


def describe_notice(notice: Notice) -> list[str]:
    """Every holiday range and 调休 working day the notice gave, one per line."""
    lines = ["放假："]
    for holiday in notice.holidays:
        lines.append(f"  {holiday.name}：{_span(holiday.first, holiday.last)}")
    lines.append("调休上班：" if notice.workdays else "调休上班：无")
    lines += [f"  {_day(workday.day)}（{workday.name}）" for workday in notice.workdays]
    return lines


def show_year(text: str, settings: Settings) -> int:
    """Print a year's days off and 调休 working days with where they come from."""
    if not (text.isdigit() and len(text) == 4):
        raise VerbError(f"年份“{text}”应写成四位数字，如 2027", 2)
    check_calendar(settings)
    path = holidays_path(settings)
    calendar = WorkCalendar.load(path)
    print("\n".join(describe_year(calendar.year_days(int(text)), path)))
    return 0


def describe_year(days: YearDays, path: Path | None) -> list[str]:
    """The lines of `calendar show` for one year."""
    source = str(days.source)
    if days.source is Source.FILE:
        where = path.resolve() if path else ""
        source += f" {where}" + (f"（{days.note}）" if days.note else "")
    lines = [f"{days.year} 年放假安排，来源：{source}"]
    lines.append("放假：")
    for name, first, last in _ranges(days.holidays):
        lines.append(f"  {name}：{_span(first, last)}")
    lines.append("调休上班：" if days.workdays else "调休上班：无")
    lines += [f"  {_day(day)} {name}" for day, name in days.workdays.items()]
    if days.source is Source.FALLBACK:
        lines.append(
            f"尚未导入 {days.year} 年的国务院通知：以上按法定节假日推算，调休上班日未知。"
            "通知发布后请运行 diaodu calendar import 通知.txt"
        )
    return lines


def _ranges(days: dict[date, str]) -> list[tuple[str, date, date]]:
    ranges: list[tuple[str, date, date]] = []
    for day, name in sorted(days.items()):
        if ranges and ranges[-1][0] == name and ranges[-1][2] + _ONE_DAY == day:
            ranges[-1] = (name, ranges[-1][1], day)
        else:
            ranges.append((name, day, day))
    return ranges


def _span(first: date, last: date) -> str:
    count = (last - first).days + 1
    if first == last:
        return f"{_day(first)}，共1天"
    return f"{_day(first)}至{_day(last)}，共{count}天"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（{weekday_name(d)}）"


def _same_as_package(package: WorkCalendar, notice: Notice) -> bool:
    days = package.year_days(notice.year)
    holidays = {day for holiday in notice.holidays for day in holiday.days}
    return holidays == set(days.holidays) and {w.day for w in notice.workdays} == set(days.workdays)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VerbError(f"无法读取 {path}：{exc.strerror or exc}") from exc
    for encoding in ("utf-8-sig", "gb18030"):  # saved from a web page, or by Notepad
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise VerbError(f"{path} 不是文本文件（应为 UTF-8 或 GBK 编码的通知全文）")


def _write(target: Path, text: str) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
    except OSError as exc:
        # /etc/diaodu is root's while diaodu-cli runs as the service user
        raise VerbError(
            f"无法写入节假日文件 {target}（{exc.strerror or exc}）：请在配置里把 [calendar] "
            "holidays_file 指到运行本命令的用户能写的位置（如 /var/lib/diaodu/holidays.toml），"
            "再运行一次"
        ) from exc
    try:
        parse_holidays_file(temporary)  # never replace a good file with one we cannot read
    except ValueError as exc:
        temporary.unlink()
        raise VerbError(f"写入的节假日文件无法读回，未改动 {target}：{exc}") from exc
    os.replace(temporary, target)
