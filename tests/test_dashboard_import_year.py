"""The import page's plan year (计划年度) in December and January, when both this year's and
the other year's plans are plausible: nothing is pre-selected, a ledger naming no year is
refused until the office chooses, one naming its year is imported for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from tests.support.apps import app_settings, seeded_client
from tests.support.dashboard import open_link
from tests.support.ledger_files import CLEAN_HEADER, SheetSpec, clean_row, write_workbook
from tests.support.plans import plans_by_year
from tests.support.seed import ADMIN, LEADER, OWNER

WAN = 10_000
UPLOAD = re.compile(r'name="upload" value="([^"]+)"')
CHECKED_YEAR = re.compile(r'name="year" value="(\d{4})" checked')


async def _office(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    """The app at `now` in its data folder, the office's admin 赵敏 looking through her link."""
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now=now)))
    await open_link(client, ADMIN)
    return client


@pytest.fixture
async def december(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> TestClient:
    monkeypatch.chdir(tmp_path)
    return await _office(aiohttp_client, tmp_path, "2026-12-01 10:00")


def _ledger(path: Path, plan_header: str) -> Path:
    """物流园 with a plan of 8000万 under `plan_header`."""
    row = clean_row(
        "P001", "城区智慧物流园", 责任单位="北石店镇", 总投资=60_000, 年度计划投资=8_000,
        责任人="张伟", 责任人手机=OWNER, 包联领导="钱副区长", 包联领导手机=LEADER,
    )  # fmt: skip
    header = [plan_header if "年度计划投资" in h else h for h in CLEAN_HEADER]
    return write_workbook(path, [SheetSpec("项目", [header, row])])


def _form(path: Path | None = None, **fields: str) -> FormData:
    """The page's form as a browser sends it: the file (if any), then the fields given."""
    form = FormData()
    if path is not None:
        form.add_field("file", path.read_bytes(), filename="台账.xlsx")
    for name, value in {"action": "check", **fields}.items():
        form.add_field(name, value)
    return form


async def test_december_preselects_no_year_and_a_ledger_naming_none_must_choose(
    december: TestClient, tmp_path: Path
) -> None:
    page = await (await december.get("/dashboard/import")).text()
    assert 'value="2026"' in page and 'value="2027"' in page
    assert CHECKED_YEAR.search(page) is None  # a click on a default would pick a year

    before = await plans_by_year(december)
    ledger = _ledger(tmp_path / "this-year.xlsx", "年度计划投资（万元）")
    checked = await december.post("/dashboard/import", data=_form(ledger))
    text = await checked.text()
    assert checked.status == 422 and "检查未通过" in text, text
    assert "没有注明计划年度" in text and "请在页面上选“2027年”" in text
    assert 'id="confirm"' not in text and "页面选定" not in text
    assert await plans_by_year(december) == before

    token = UPLOAD.search(text)  # the office chooses this year's, without uploading again
    assert token and 'id="choose"' in text, text
    chosen = await december.post("/dashboard/import", data=_form(upload=token[1], year="2026"))
    text = await chosen.text()
    assert chosen.status == 200 and "计划年度：2026年（页面选定）" in text, text
    assert "确认导入（2026年计划）" in text


async def test_december_imports_a_ledger_naming_its_year_without_a_choice(
    december: TestClient, tmp_path: Path
) -> None:
    ledger = _ledger(tmp_path / "next-year.xlsx", "2027年计划投资（万元）")
    checked = await december.post("/dashboard/import", data=_form(ledger))
    text = await checked.text()
    assert checked.status == 200 and "计划年度：2027年（表头「2027年计划投资（万元）」）" in text
    assert "确认导入（2027年计划）" in text, text
    token = UPLOAD.search(text)
    assert token
    done = await december.post(
        "/dashboard/import", data=_form(upload=token[1], year="2027", action="import")
    )
    assert done.status == 200 and "已导入" in await done.text()
    assert (await plans_by_year(december))[2027] == 8_000 * WAN


async def test_january_asks_too_where_the_import_would_take_the_clocks_year(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    january = await _office(aiohttp_client, tmp_path, "2027-01-05 10:00")
    page = await (await january.get("/dashboard/import")).text()
    assert 'value="2026"' in page and CHECKED_YEAR.search(page) is None
    before = await plans_by_year(january)
    ledger = _ledger(tmp_path / "plan.xlsx", "年度计划投资（万元）")
    checked = await january.post("/dashboard/import", data=_form(ledger))
    text = await checked.text()
    assert checked.status == 422 and "没有注明计划年度" in text, text
    assert "2026年还是2027年的计划" in text and 'id="confirm"' not in text
    assert await plans_by_year(january) == before
