"""The office imports its ledger from the dashboard (next year's plan in December): the upload
is checked first and written only when confirmed, exactly as `diaodu import` would; nobody
but the office may, and a file the import cannot take is said so."""

from __future__ import annotations

import fcntl
import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.dashboard.ledger_upload import MAX_BYTES, uploads
from bot.keys import DB
from core.settings import load_settings
from storage.models import Project
from tests.support.apps import app_settings, seeded_client
from tests.support.dashboard import OFFICE, open_link
from tests.support.ledger_files import (
    CLEAN_HEADER,
    SheetSpec,
    clean_row,
    clean_workbook,
    write_workbook,
)
from tests.support.plans import plans_by_year
from tests.support.seed import ADMIN, LEADER, OWNER

WAN = 10_000
UPLOAD = re.compile(r'name="upload" value="([^"]+)"')


@pytest.fixture
async def december(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> TestClient:
    """The app on 7 December 2026 in its data folder, the office's admin 赵敏 looking through
    her own link."""
    monkeypatch.chdir(tmp_path)
    app = create_app(app_settings(tmp_path, now="2026-12-07 10:00"))
    client = await seeded_client(aiohttp_client, app)
    await open_link(client, ADMIN)
    return client


def _plan_2027(path: Path, *, bad: bool = False) -> Path:
    """物流园 with a 2027 plan of 8000万 (and a row whose plan is no number, if `bad`)."""
    row = clean_row(
        "P001", "城区智慧物流园", 责任单位="北石店镇", 总投资=60_000, 年度计划投资=8_000,
        责任人="张伟", 责任人手机=OWNER, 包联领导="钱副区长", 包联领导手机=LEADER,
    )  # fmt: skip
    rows = [row, clean_row("P009", "新项目", 年度计划投资="很多")] if bad else [row]
    return clean_workbook(path, rows)


def _upload(content: bytes, filename: str, **fields: str) -> FormData:
    """A form carrying `content` as the file `filename`, then `fields` (none unless given)."""
    form = FormData()
    form.add_field("file", content, filename=filename)
    for name, value in fields.items():
        form.add_field(name, value)
    return form


def _form(path: Path | None = None, **fields: str) -> FormData:
    """The page's form: this year's ledger (`path`) to check for 2027, or what `fields` say."""
    chosen = {"year": "2027", "action": "check", **fields}
    if path is None:
        form = FormData()
        for name, value in chosen.items():
            form.add_field(name, value)
        return form
    return _upload(path.read_bytes(), "2027年计划.xlsx", **chosen)


async def test_the_office_checks_then_imports_next_years_plan(
    december: TestClient, tmp_path: Path
) -> None:
    before = await plans_by_year(december)
    assert 2027 not in before
    overview = await (await december.get("/dashboard")).text()
    assert 'href="/dashboard/import"' in overview
    page = await december.get("/dashboard/import")
    assert page.status == 200 and "上传并检查" in await page.text()

    ledger = _plan_2027(tmp_path / "plan.xlsx", bad=True)
    checked = await december.post("/dashboard/import", data=_form(ledger))
    text = await checked.text()
    assert checked.status == 422 and "检查未通过：2027年计划.xlsx" in text
    assert "2027年计划.xlsx: 项目 第3行" in text and "不是数字：“很多”" in text
    assert "--skip-bad-rows" not in text and str(tmp_path) not in text
    token = UPLOAD.search(text)
    assert token, text
    again = await december.post(
        "/dashboard/import", data=_form(upload=token.group(1), skip_bad_rows="1")
    )
    text = await again.text()
    assert again.status == 200 and "检查通过" in text, text
    assert "计划年度：2027年（页面选定）" in text and "跳过 1 处错误" in text
    assert await plans_by_year(december) == before  # checked only

    confirm = UPLOAD.search(text)
    assert confirm and 'name="action" value="import"' in text
    done = await december.post(
        "/dashboard/import",
        data=_form(upload=confirm.group(1), action="import", skip_bad_rows="1"),
    )
    text = await done.text()
    assert done.status == 200 and "已导入：2027年计划.xlsx" in text, text
    assert await plans_by_year(december) == {**before, 2027: 8_000 * WAN}
    assert not any(uploads().glob(f"{confirm.group(1)}.*x*"))  # not kept once imported
    twice = await december.post(  # a second click on 确认
        "/dashboard/import", data=_form(upload=confirm.group(1), action="import")
    )
    assert twice.status == 400 and "这份台账已经导入，无需再次确认" in await twice.text()
    assert await plans_by_year(december) == {**before, 2027: 8_000 * WAN}


async def test_the_check_names_a_finished_project_given_next_years_plan(
    december: TestClient, tmp_path: Path
) -> None:
    async with december.app[DB].write() as session:
        finished = update(Project).where(Project.code == "P001").values(status="已竣工")
        await session.execute(finished)
    checked = await december.post("/dashboard/import", data=_form(_plan_2027(tmp_path / "p.xlsx")))
    text = await checked.text()
    assert checked.status == 200 and "检查通过" in text, text
    assert "已竣工或投产的项目 1 个也写入了2027年计划：城区智慧物流园（北石店镇，8000万元）" in text
    assert "写 0 后再导入" in text


async def test_the_import_runs_with_the_services_config_and_secrets_in_its_environment(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As deployed: settings from a config file, a bot's secrets in the environment (an import
    run without the file took them for entries of nothing and stopped)."""
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "office.db"}"\n'
        '[clock]\nnow = "2026-12-07 10:00"\n[local]\nenabled = true\n'
        '[dashboard]\ntoken = "secret-token-0123456789"\n'
        '[[bots]]\nname = "wx"\nplatform = "wecom"\nkind = "aibot"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DIAODU_BOTS__wx__TOKEN", "wecom-token-0123456789")
    monkeypatch.setenv("DIAODU_BOTS__wx__ENCODING_AES_KEY", "a" * 43)
    settings = load_settings(config)
    client = await seeded_client(aiohttp_client, create_app(settings))
    ledger = _plan_2027(tmp_path / "plan.xlsx")
    checked = await client.post("/dashboard/import", data=_form(ledger), headers=OFFICE)
    assert checked.status == 200 and "检查通过" in await checked.text(), await checked.text()


async def test_a_form_from_another_site_is_refused(december: TestClient, tmp_path: Path) -> None:
    ledger = _plan_2027(tmp_path / "plan.xlsx")
    elsewhere = {"Origin": "https://evil.example"}
    posted = await december.post("/dashboard/import", data=_form(ledger), headers=elsewhere)
    assert posted.status == 403 and "请从看板页面上传台账" in await posted.text()
    assert not [p for p in uploads().iterdir() if not p.name.startswith(".")]


async def test_only_the_office_may_import(december: TestClient, tmp_path: Path) -> None:
    ledger = _plan_2027(tmp_path / "plan.xlsx")
    for mobile in (LEADER, OWNER):
        december.session.cookie_jar.clear()
        await open_link(december, mobile)
        assert 'href="/dashboard/import"' not in await (await december.get("/dashboard")).text()
        refused = await december.get("/dashboard/import")
        assert refused.status == 403 and "只限专班办公室管理员" in await refused.text()
        posted = await december.post("/dashboard/import", data=_form(ledger, action="import"))
        assert posted.status == 403
    december.session.cookie_jar.clear()
    assert (await december.get("/dashboard/import")).status == 401
    assert 2027 not in await plans_by_year(december)


async def test_a_file_the_import_cannot_take_is_said_so(december: TestClient) -> None:
    old_excel = _upload(b"\xd0\xcf\x11\xe0 an old Excel file", "台账.xls")
    refused = await december.post("/dashboard/import", data=old_excel)
    assert refused.status == 400 and "另存为 .xlsx" in await refused.text()
    nothing = await december.post("/dashboard/import", data=_form())
    assert nothing.status == 400 and "请先选择台账文件" in await nothing.text()
    unread = _upload(b"not a workbook", "坏.xlsx", year="2027", action="check")
    response = await december.post("/dashboard/import", data=unread)
    assert response.status == 422 and "检查未通过：坏.xlsx" in await response.text()


async def test_a_file_too_large_is_refused_and_nothing_kept(december: TestClient) -> None:
    big = _upload(b"\0" * (MAX_BYTES + 1), "大台账.xlsx")
    refused = await december.post("/dashboard/import", data=big)
    assert refused.status == 413 and "文件超过 20MB" in await refused.text()
    assert not [p for p in uploads().iterdir() if not p.name.startswith(".")]


async def test_a_second_import_while_one_runs_is_asked_to_wait(
    december: TestClient, tmp_path: Path
) -> None:
    ledger = _plan_2027(tmp_path / "plan.xlsx")
    with (uploads() / ".lock").open("a") as lock:  # another of the service's processes
        fcntl.flock(lock, fcntl.LOCK_EX)
        busy = await december.post("/dashboard/import", data=_form(ledger))
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert busy.status == 409 and "另一份台账正在检查或导入" in await busy.text()
    assert 2027 not in await plans_by_year(december)


def _multipart(*parts: bytes, end: bytes = b"--XyZ--\r\n") -> bytes:
    return b"".join(b"--XyZ\r\n" + part + b"\r\n" for part in parts) + end


_FILE = b'Content-Disposition: form-data; name="file"; filename="plan.xlsx"\r\n\r\n'
_YEAR = b'Content-Disposition: form-data; name="year"'
MANGLED = {
    "broken UTF-8 in a plain form": ("application/x-www-form-urlencoded", b"year=\xff"),
    "no multipart at all": ("multipart/form-data; boundary=XyZ", b"garbage"),
    "no boundary": ("multipart/form-data", _multipart(_YEAR + b"\r\n\r\n2027")),
    "cut short in the file": ("multipart/form-data; boundary=XyZ", b"--XyZ\r\n" + _FILE + b"PK"),
    "broken UTF-8 in a field": (
        "multipart/form-data; boundary=XyZ",
        _multipart(_YEAR + b"\r\n\r\n\xff"),
    ),
    "a line break in the file name": (
        "multipart/form-data; boundary=XyZ",
        _multipart(b'Content-Disposition: form-data; name="file"; filename="a\r\nb.xlsx"\r\n\r\nx'),
    ),
    "an unknown charset": (
        "multipart/form-data; boundary=XyZ",
        _multipart(_YEAR + b"\r\nContent-Type: text/plain; charset=nosuch\r\n\r\n2027"),
    ),
}


@pytest.mark.parametrize("mangled", MANGLED, ids=list(MANGLED))
async def test_a_form_the_browser_mangled_is_refused_in_words(
    december: TestClient, caplog: pytest.LogCaptureFixture, mangled: str
) -> None:
    """Whatever bytes arrive, the office is told to upload again (400), nothing is kept, and
    the log holds no traceback."""
    content_type, body = MANGLED[mangled]
    before = await plans_by_year(december)
    answer = await december.post(
        "/dashboard/import", data=body, headers={"Content-Type": content_type}
    )
    assert answer.status == 400
    assert "上传的表单无法读取，请重新选择文件上传" in await answer.text()
    assert [path.name for path in uploads().iterdir() if not path.name.startswith(".")] == []
    assert await plans_by_year(december) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_the_check_refuses_a_start_date_still_to_come(
    december: TestClient, tmp_path: Path
) -> None:
    # 7 December: a 开工日期 of the 20th is the plan typed into the actual-date column
    row = clean_row(
        "P009", "新项目", 责任单位="北石店镇", 项目类别="新建",
        责任人="张伟", 责任人手机=OWNER, 包联领导="钱副区长", 包联领导手机=LEADER,
    )  # fmt: skip
    sheet = SheetSpec("项目", [[*CLEAN_HEADER, "开工日期"], [*row, "2026-12-20"]])
    ledger = write_workbook(tmp_path / "ledger.xlsx", [sheet])
    checked = await december.post("/dashboard/import", data=_form(ledger, year="2026"))
    text = await checked.text()
    assert checked.status == 422 and "检查未通过" in text, text
    assert (
        "项目 第2行 L列「开工日期」：2026-12-20 还没到：已开工请填实际日期，尚未开工请留空"
        "（计划日期请填在“计划开工日期”列）"
    ) in text
    assert "跳过有错误的行" in text


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
async def test_an_upload_the_disk_has_no_room_for_says_so_and_keeps_nothing(
    december: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's disk is full: the office reads why in Chinese, not a bare 500."""
    real = os.fdopen

    def full_disk(descriptor: int, mode: str = "r") -> Any:
        os.close(descriptor)
        return real(os.open("/dev/full", os.O_WRONLY), mode)  # every write: ENOSPC

    monkeypatch.setattr(os, "fdopen", full_disk)
    answer = await december.post("/dashboard/import", data=_form(_plan_2027(tmp_path / "p.xlsx")))
    monkeypatch.undo()
    assert answer.status == 507
    assert "服务器无法保存上传的文件：磁盘已满，请清理出空间后再试" in await answer.text()
    assert [path.name for path in uploads().iterdir() if not path.name.startswith(".")] == []


async def test_an_uploads_folder_others_may_open_is_refused_as_a_folder(
    december: TestClient, tmp_path: Path
) -> None:
    shared = tmp_path / "uploads"
    shared.mkdir(exist_ok=True)
    shared.chmod(0o777)  # made by hand for everyone, say: a ledger there is not the office's
    refused = await december.post(
        "/dashboard/import", data=_form(_plan_2027(tmp_path / "台账.xlsx"))
    )
    assert refused.status == 500
    said = f"上传文件夹 {shared} 不是本服务独有（其他用户可读写），请系统管理员检查"
    assert said in await refused.text()
    assert list(shared.iterdir()) == []
