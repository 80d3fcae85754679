"""What the doctor checks on this machine: the database and its schema, the holidays file."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.cli.common import VerbError, holidays_path, open_database, safe_url
from bot.cli.doctor.report import Finding, failed, passed
from bot.cli.where import sqlite_file
from core.settings import Settings
from domain.calendar import WorkCalendar
from domain.clock import Clock
from storage.db import Database
from storage.migrate import current_revision, schema_state

SEASON = "国务院放假通知一般在 11—12 月发布"


async def database(settings: Settings) -> tuple[Finding, Database | None]:
    """The database reachable and its schema current; the open database when it is reachable."""
    url = safe_url(settings)
    path = sqlite_file(settings)
    if path is not None and not path.exists():
        return failed(f"数据库 {url}：文件不存在", "请运行 diaodu init 建库"), None
    try:
        db = await open_database(settings, migrate="never")
    except VerbError as exc:
        said = "请按上面的说明处理" if "：请" in str(exc) or "，请" in str(exc) else None
        return failed(str(exc), said or "请检查 [database] url、数据库服务和账号密码"), None
    try:
        have = await current_revision(db)
    except (OperationalError, DBAPIError, OSError) as exc:
        await db.dispose()
        what = f"数据库 {url}：无法读取结构版本（{type(exc).__name__}）"
        return failed(what, "请检查数据库账号的权限"), None
    return _schema(url, have), db


def _schema(url: str, have: str | None) -> Finding:
    state, head = schema_state(have)
    if state == "current":
        return passed(f"数据库 {url}：可连接，结构为最新（{head}）")
    if state == "empty":
        return failed(f"数据库 {url}：还没有建表", "请运行 diaodu db upgrade")
    if state == "newer":
        what = f"数据库 {url}：结构版本 {have} 比本程序新"
        return failed(what, "请把本程序升级到与数据库一致的版本")
    return failed(f"数据库 {url}：结构版本 {have}，最新为 {head}", "请运行 diaodu db upgrade")


def calendar(settings: Settings) -> list[Finding]:
    """This year's 放假调休 arrangement, and next year's once it is due (from 1 December)."""
    path = holidays_path(settings)
    try:
        loaded = WorkCalendar.load(path)
    except (ValueError, OSError) as exc:
        return [failed(f"节假日文件 {path.resolve()} 有误：{exc}", "请改正，或删除后重新导入通知")]
    today = Clock.parse(settings.clock.now).today()
    missing = loaded.missing_years(today)
    findings = []
    for year in (today.year, today.year + 1):
        if year in missing:
            findings.append(
                failed(
                    f"{year} 年放假调休安排未导入（只能按法定节假日推算，不知道调休上班日）",
                    f"请运行 diaodu calendar import 通知.txt（{SEASON}）",
                )
            )
        elif loaded.has_data_for(year):
            findings.append(passed(f"{year} 年放假调休安排已有"))
        else:
            findings.append(passed(f"{year} 年放假调休安排尚未导入（{SEASON}，12 月起必须导入）"))
    return findings
