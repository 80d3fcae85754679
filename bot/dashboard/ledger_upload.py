"""`/dashboard/import`: the office uploads its ledger (next year's plan in December, a changed
ledger any time) and imports it from the browser, checked first and then confirmed, the way
`diaodu import --dry-run` and `diaodu import` do on the server; no shell needed.

Only the office may (an admin's personal link, or the office's token login). The uploaded
file waits between the check and the confirmation for an hour, under a random name."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import BodyPartReader, web
from sqlalchemy.ext.asyncio import AsyncSession
from yarl import URL

from bot.dashboard import access, import_year
from bot.dashboard.forms import UnreadableForm, reading
from bot.dashboard.import_run import run_import
from bot.dashboard.pages import NAV, refusal
from bot.keys import CLOCK, DB, READERS, RENDERER, SETTINGS
from bot.too_large import size_text
from domain.files import why_unwritable
from storage.models import Person
from storage.repos import audit
from storage.repos.dashboard_links import OFFICE, Viewer

MAX_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 3600
SUFFIXES = (".xlsx", ".csv")
ONLY_OFFICE = (
    "导入台账只限专班办公室管理员：请私聊机器人发送“/看板”获取本人的链接，或用看板令牌登录"
)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
_FIELDS = ("upload", "year", "action", "skip_bad_rows", "new_units")
DONE = ".done"
UNREADABLE = "上传的表单无法读取，请重新选择文件上传"
BUSY = "另一份台账正在检查或导入，请稍等一两分钟再试"
SKIPPABLE = "跳过有错误的行"  # what the import says when skipping the bad rows would help


def uploads() -> Path:
    """Where uploaded ledgers wait for their confirmation: `uploads` in the working folder
    (the service's data folder, shared by its instances), ours alone."""
    folder = Path("uploads").resolve()
    folder.mkdir(mode=0o700, exist_ok=True)
    found = folder.stat()
    if found.st_uid != os.getuid() or found.st_mode & 0o077:
        raise _Unfit(f"上传文件夹 {folder} 不是本服务独有（其他用户可读写），请系统管理员检查", 500)
    return folder


async def form(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/import`: the upload form."""
    try:
        viewer = await _importer(request)
    except access.Refused as refused:
        return await refusal(request, refused.status, refused.message)
    return _page(request, viewer, {})


async def upload(request: web.Request) -> web.StreamResponse:
    """`POST /dashboard/import`: check an uploaded ledger, or import one checked before."""
    try:
        viewer = await _importer(request)
        _same_site(request)
    except access.Refused as refused:
        return await refusal(request, refused.status, refused.message)
    try:
        folder = uploads()
        await asyncio.to_thread(_forget_old, folder)
        fields = await _fields(request, folder)
    except _Unfit as unfit:
        return _page(request, viewer, {"problem": str(unfit)}, status=unfit.status)
    token = fields.get("upload", "")
    path = _waiting(folder, token) if token else None
    if path is None:
        return _page(request, viewer, {"problem": _gone(folder, token)}, status=400)
    name = _name_of(path)
    today = request.app[CLOCK].now().date()
    year = import_year.chosen(fields.get("year", ""), today)
    choices = {"skip_bad_rows": "skip_bad_rows" in fields, "new_units": "new_units" in fields}
    dry_run = fields.get("action") != "import"
    with _one_at_a_time(folder) as mine:
        if not mine:
            return _page(request, viewer, {"problem": BUSY}, status=409)
        run = await run_import(
            request.app[SETTINGS], path, name, year=year, dry_run=dry_run, **choices
        )
    seen = import_year.checked(run, year, today)
    if not dry_run and seen.run.ok:
        path.replace(path.with_suffix(DONE))  # a second click on 确认 is told, not re-run
        await _audit(request, viewer, name, seen.year)
    run, year = seen.run, seen.year
    data = {"run": run, "checked": dry_run, "upload": token, "name": name, "year": year, **choices}
    data["skippable"], data["choose"] = SKIPPABLE in run.text, seen.choose
    return _page(request, viewer, data, status=200 if run.ok else 422)


def _same_site(request: web.Request) -> None:
    """Refuse a form posted from another site (its Origin, when the browser sends one)."""
    origin = request.headers.get("Origin")
    if origin and origin != "null" and URL(origin).host != request.url.host:
        raise access.Refused(403, "请从看板页面上传台账")


def _gone(folder: Path, token: str) -> str:
    """Why there is no file for `token`: none sent, imported already, or kept no longer."""
    if not token:
        return "请先选择台账文件"
    if _TOKEN.match(token) and (folder / f"{token}{DONE}").exists():
        return "这份台账已经导入，无需再次确认；可在看板上查看，或重新上传新的台账"
    return "上传的文件已过期（保留一小时），请重新上传"


@contextmanager
def _one_at_a_time(folder: Path) -> Iterator[bool]:
    """Hold the import lock (across the service's processes); False when another holds it."""
    with (folder / ".lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


async def _audit(request: web.Request, viewer: Viewer, name: str, year: int | None) -> None:
    """Who imported which file from the dashboard (the import itself audits its counts)."""
    async with request.app[DB].write() as session:
        await audit.note(
            session,
            at=request.app[CLOCK].now(),
            actor=viewer.name[:100],
            entity="ledger",
            entity_key=name[:100],
            action="import_upload",
            detail={"year": year},
        )


async def _importer(request: web.Request) -> Viewer:
    """The viewer, when the office: its token login, or an admin's personal link."""
    viewer = await access.viewer(request)

    async def check(session: AsyncSession) -> bool:
        return await may_import(session, viewer)

    if not await request.app[READERS].run(check):
        raise access.Refused(403, ONLY_OFFICE)
    return viewer


async def may_import(session: AsyncSession, viewer: Viewer) -> bool:
    """Whether `viewer` may import the ledger: the office's login, or an admin's link."""
    if viewer == OFFICE:
        return True
    person = await session.get(Person, viewer.person_id) if viewer.person_id else None
    return person is not None and person.is_admin


class _Unfit(Exception):
    """An upload that cannot be taken: why, and the status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def _fields(request: web.Request, folder: Path) -> dict[str, str]:
    """The form's fields; a file part is stored in `folder` (`upload`: its token)."""
    fields: dict[str, str] = {}
    try:
        with reading("dashboard import", _Unfit):
            await _parts(request, folder, fields)
    except BaseException as exc:
        if "upload" in fields:  # the form broke off after its file: the file may be cut short
            _discard(folder, fields["upload"])
        if isinstance(exc, UnreadableForm):
            raise _Unfit(UNREADABLE) from exc
        raise
    return fields


async def _parts(request: web.Request, folder: Path, fields: dict[str, str]) -> None:
    """Read the form into `fields`, as far as it goes."""
    if not request.content_type.startswith("multipart/"):  # a form without its file
        form = await request.post()
        fields.update({name: str(form[name])[:200] for name in _FIELDS if name in form})
        return
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        if part.filename:
            fields["upload"] = await _store(part, part.filename, folder)
        elif part.name in _FIELDS:
            fields.setdefault(part.name, (await part.text())[:200])


async def _store(part: BodyPartReader, filename: str, folder: Path) -> str:
    """Write an uploaded file under a random name (beside it, its own name); its token."""
    # browsers escape `"` and line breaks as %22, %0A (WHATWG), aiohttp's client every byte
    name = Path(unquote(filename).replace("\\", "/")).name[:100]
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise _Unfit(f"“{name}”不是 Excel（.xlsx）或 CSV 文件；.xls 请在 Excel 里另存为 .xlsx")
    token = secrets.token_urlsafe(18)
    target = folder / f"{token}{suffix}"
    size = 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            while chunk := await part.read_chunk():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _Unfit(
                        f"文件超过 {size_text(MAX_BYTES)}，请只保留台账工作表后再上传", 413
                    )
                out.write(chunk)
    except BaseException as exc:  # too big, a full disk, or the browser gave up: keep nothing
        target.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
            raise _Unfit(f"服务器无法保存上传的文件：{why_unwritable(exc)}", 507) from exc
        raise
    (folder / f"{token}.name").write_text(name, encoding="utf-8")
    return token


def _discard(folder: Path, token: str) -> None:
    """Forget a stored upload and its name."""
    for path in folder.glob(f"{token}.*"):
        path.unlink(missing_ok=True)


def _waiting(folder: Path, token: str) -> Path | None:
    """The stored upload of `token`, while it is kept."""
    if not _TOKEN.match(token):
        return None
    found = [folder / f"{token}{suffix}" for suffix in SUFFIXES]
    return next((path for path in found if path.exists()), None)


def _name_of(path: Path) -> str:
    """The name the upload had on the office's computer."""
    try:
        return path.with_suffix(".name").read_text(encoding="utf-8")
    except OSError:
        return "台账"


def _forget_old(folder: Path) -> None:
    """Drop uploads no longer kept (never confirmed, or left by a failed import)."""
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.name.startswith("."):  # the lock stays: a process may hold it
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # another process's cleanup got there first
            continue


def _page(
    request: web.Request, viewer: Viewer, data: dict[str, Any], status: int = 200
) -> web.Response:
    now = request.app[CLOCK].now()
    today = now.date()
    years = import_year.offered(today)
    view = {
        "title": "导入台账",
        "viewer": viewer,
        "now": now,
        "today": today,
        "nav": NAV,
        "section": "overview",
        "screen": False,
        "years": years,
        "max_size": size_text(MAX_BYTES),
        "year": data.get("year", import_year.preselected(today)),
        **data,
    }
    html = request.app[RENDERER].page("dashboard/import", view)
    return web.Response(text=html, status=status, content_type="text/html")
