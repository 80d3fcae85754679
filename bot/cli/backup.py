"""`diaodu backup [FILE]`: a consistent copy of the database, SQLite or PostgreSQL.

SQLite is copied with `VACUUM INTO` (safe while the server runs); PostgreSQL with `pg_dump`
in its custom format (restore with `pg_restore`), when the client tools are installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bot.cli.common import VerbError, database_trouble
from core.settings import Settings
from domain.files import DISK_FULL, why_unwritable
from storage.inline_pg import libpq_url


def backup(args: argparse.Namespace, settings: Settings) -> int:
    """Write the copy to FILE (default: diaodu-backup-<time>.db or .dump); never overwrite."""
    url = make_url(settings.database.url)
    postgres = url.get_backend_name() == "postgresql"
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    target: Path = args.file or Path(f"diaodu-backup-{stamp}.{'dump' if postgres else 'db'}")
    if target.is_dir():
        raise VerbError(f"无法写入 {target}：这是一个文件夹，请写出文件名")
    if target.exists():
        raise VerbError(f"{target} 已存在，不覆盖：请换一个文件名")
    if not target.resolve().parent.is_dir():
        raise VerbError(f"无法写入 {target}：文件夹 {target.resolve().parent} 不存在")
    if postgres:
        _pg_dump(url, target)
    else:
        _vacuum_into(url, target)
    print(f"已备份到 {target.resolve()}")
    return 0


def _vacuum_into(url: URL, target: Path) -> None:
    source = url.database
    if not source or not Path(source).exists():
        raise VerbError(f"数据库文件 {source} 不存在")
    try:  # VACUUM INTO takes an empty file: made first, the system says why it cannot be
        target.open("xb").close()
    except OSError as exc:
        raise VerbError(f"无法写入 {target}：{why_unwritable(exc)}") from exc
    try:
        with sqlite3.connect(source) as conn:
            conn.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        full = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        why = DISK_FULL if full else database_trouble(exc)
        raise VerbError(f"无法写入 {target}：{why}") from exc


def _pg_dump(url: URL, target: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise VerbError(
            "没有找到 pg_dump：请安装 PostgreSQL 客户端（如 apt install postgresql-client），"
            "或在数据库服务器上用 pg_dump 备份"
        )
    # The password goes through the environment, never onto the command line.
    env = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    plain = libpq_url(url).set(drivername="postgresql", password=None)
    command = [program, "--format=custom", f"--file={target}", plain.render_as_string()]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or ["未知错误"])[-1]
        raise VerbError(f"pg_dump 备份失败：{reason}")
