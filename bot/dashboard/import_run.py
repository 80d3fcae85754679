"""`diaodu import` run for the dashboard's upload page, as a child process: the workbook is
read, checked and written off the process that answers chat (a 10,000-row ledger takes
seconds of CPU), by the very verb the server's shell runs, so the page says what it says."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from core.settings.sources import ENV_PREFIX
from storage.ledger.result import DONE_HEAD, DRY_RUN_HEAD

TIMEOUT = 600.0  # seconds; a ledger of 100,000 rows is well inside it
TIMED_OUT = "导入超时未完成：已写入的项目保留，请稍后再上传一次（按项目代码更新，不会重复写入）"

# What the verb says in terms of its flags, said in the page's terms.
_SUMMARY = re.compile(f"^(?:{re.escape(DONE_HEAD)}|{re.escape(DRY_RUN_HEAD)})", re.MULTILINE)
_BAR = re.compile(r"^[^:：]+:\s+\d+%\|")  # a progress bar's line (`读取台账:  40%|████ …`)
_WORDS = (
    (re.compile(r"（可加 --skip-bad-rows 跳过错误行）"), "（可勾选“跳过有错误的行”后再检查）"),
    (re.compile(r"请加 --new-units 重新导入"), "请勾选“台账里有新单位”后再检查"),
    (re.compile(re.escape(DRY_RUN_HEAD)), "检查完成，尚未导入。确认导入将会："),
    (re.compile(r"--year 指定"), "页面选定"),
    (re.compile(r"(?:请)?加 --year (\d{4})"), r"请在页面上选“\1年”"),
    (re.compile(r"--year (\d{4})"), r"计划年度“\1年”"),
)


@dataclass(frozen=True)
class ImportRun:
    """What one run said, and whether it succeeded (everything checked or written)."""

    ok: bool
    text: str


async def run_import(
    settings: Settings,
    path: Path,
    shown_as: str,
    *,
    year: int | None,
    dry_run: bool,
    skip_bad_rows: bool = False,
    new_units: bool = False,
) -> ImportRun:
    """Run `diaodu import` on `path` against this server's configuration and database; its
    output with the file named `shown_as` (the upload's own name) and the flags in the
    page's words. Without `year`, the file's own (as the verb reads it without `--year`)."""
    args = [str(path), *(["--year", str(year)] if year is not None else [])]
    args += ["--dry-run"] if dry_run else []
    args += ["--skip-bad-rows"] if skip_bad_rows else []
    args += ["--new-units"] if new_units else []
    config = ["--config", str(settings.config_file)] if settings.config_file else []
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", *config, "import", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=_child_env(settings),
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except TimeoutError:
        return ImportRun(False, TIMED_OUT)
    finally:  # timed out, or the request cancelled: never leave an import writing unowned
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = "\n".join(part.decode("utf-8", "replace").strip() for part in (err, out) if part.strip())
    # the verb exits 1 on any bad row, skipped or not: skipped as asked, the rest went through
    went_through = _SUMMARY.search(text) is not None
    ok = process.returncode == 0 or (skip_bad_rows and process.returncode == 1 and went_through)
    return ImportRun(ok, page_words(text, path, shown_as))


def _child_env(settings: Settings) -> dict[str, str]:
    """The server's environment for the import (its config file needs the secrets there),
    with the database and the clock it runs on made explicit."""
    env = dict(os.environ)
    env |= {f"{ENV_PREFIX}DATABASE__URL": settings.database.url, "PYTHONIOENCODING": "utf-8"}
    if settings.clock.now:
        env[f"{ENV_PREFIX}CLOCK__NOW"] = settings.clock.now
    return env


def page_words(text: str, path: Path, shown_as: str) -> str:
    """The verb's output for the page: the upload's name for its stored path, no flags."""
    lines = re.split(r"[\r\n]+", text.replace(str(path), shown_as).replace(path.name, shown_as))
    text = "\n".join(line for line in lines if line.strip() and not _BAR.match(line))
    for pattern, words in _WORDS:
        text = pattern.sub(words, text)
    return text
