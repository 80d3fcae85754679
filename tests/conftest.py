"""Shared fixtures: databases (SQLite always, PostgreSQL when DIAODU_TEST_PG_URL is set), the
app, job contexts over the test ledgers, an HTTP client session and the fake platform servers."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import text

from bot.app import create_app
from bot.keys import DB
from scheduler.context import JobContext
from storage.db import Database
from storage.migrate import upgrade
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.wecom_server import WeComServer
from tests.fakes.wecom_ws_server import WeComGateway
from tests.support.apps import app_settings, seeded_client
from tests.support.demo import build_demo_database, demo_app_settings
from tests.support.digest_ledger import ledger_context
from tests.support.jobs import seeded_context
from tests.support.schema import drop_templates, pg_template, with_schema
from tests.support.seed import seed

PG_URL = os.environ.get("DIAODU_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    """Let the `diaodu` processes the tests start keep their bytecode in a cache of their own:
    with PYTHONDONTWRITEBYTECODE set, each compiled every module of ours again (~0.4 s of CPU
    a process, and the suite starts over a hundred). The cache lies outside the source tree,
    which stays free of __pycache__; Python checks each entry against its source's mtime."""
    if "PYTHONPYCACHEPREFIX" not in os.environ:
        cache = Path(tempfile.gettempdir()) / f"diaodu-test-pycache-{os.getuid()}"
        os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the PostgreSQL variants when no PostgreSQL is configured."""
    skip = pytest.mark.skip(reason="DIAODU_TEST_PG_URL not set")
    for item in items:
        if "postgres" in item.keywords and not PG_URL:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the migrated template databases this process made on the test server."""
    drop_templates()


async def _fresh_pg_database(migrated: bool) -> str:
    """Create a database on the test server (empty, or a copy of the migrated template) and
    return its URL."""
    assert PG_URL is not None
    admin = Database(PG_URL)
    name = f"diaodu_t_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{pg_template(PG_URL)}"' if migrated else ""
    async with admin.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
    await admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


async def _drop_pg_database(url: str) -> None:
    assert PG_URL is not None
    admin = Database(PG_URL)
    name = url.rsplit("/", 1)[1]
    async with admin.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


MIGRATED_BY = {"db", "backend", "backend_ctx"}
"""Fixtures that migrate the `db_url` database: it is made with the schema already."""


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """URL of a database on each configured backend: empty, or with the current schema where
    one of the test's fixtures would migrate it anyway."""
    migrated = not MIGRATED_BY.isdisjoint(request.fixturenames)
    if request.param == "sqlite":
        if migrated:
            with_schema(tmp_path / "test.db")
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    url = await _fresh_pg_database(migrated)
    try:
        yield url
    finally:
        await _drop_pg_database(url)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """A migrated database on each configured backend."""
    database = Database(db_url)
    await upgrade(database)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite database only (for tests that are not about storage)."""
    with_schema(tmp_path / "app.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    await upgrade(database)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The real app, local adapter on, seeded with the small ledger of tests/support/seed.py."""
    return await seeded_client(aiohttp_client, create_app(app_settings(tmp_path)))


@pytest.fixture
async def backend(aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str) -> TestClient:
    """The real app over the seed ledger, on SQLite and (when configured) PostgreSQL."""
    app = create_app(app_settings(tmp_path, database={"url": db_url}))
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[JobContext]:
    """The job context over tests/support/seed.py's ledger, as `diaodu jobs run` builds it."""
    context = await seeded_context(tmp_path)
    yield context
    await context.db.dispose()


@pytest.fixture
async def backend_ctx(tmp_path: Path, db_url: str) -> AsyncIterator[JobContext]:
    """The job context over tests/support/seed.py's ledger on each configured backend."""
    context = await seeded_context(tmp_path, url=db_url)
    yield context
    await context.db.dispose()


@pytest.fixture
async def other_process_ctx(backend_ctx: JobContext) -> AsyncIterator[JobContext]:
    """The same jobs over the same database as another process would run them: own connections."""
    context = JobContext(
        Database(backend_ctx.db.url), backend_ctx.settings, backend_ctx.calendar, backend_ctx.render
    )
    yield context
    await context.db.dispose()


@pytest.fixture
async def digest_ctx(tmp_path: Path) -> AsyncIterator[JobContext]:
    """The job context over the hand-computed five-project ledger (tests/support/digest_ledger)."""
    context = await ledger_context(tmp_path)
    yield context
    await context.db.dispose()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger's database, built once for a test module that asks for it."""
    folder = tmp_path_factory.mktemp("demo")
    asyncio.run(build_demo_database(folder))
    return folder


@pytest.fixture
async def demo(aiohttp_client: AiohttpClient, demo_folder: Path, tmp_path: Path) -> TestClient:
    """The app over a copy of the demo database, served on a real port."""
    shutil.copy(demo_folder / "chat.db", tmp_path / "chat.db")
    return await aiohttp_client(create_app(demo_app_settings(tmp_path)))


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    """An HTTP client session, as the app's outbox holds one."""
    async with ClientSession() as session:
        yield session


@pytest.fixture
async def wecom() -> AsyncIterator[WeComServer]:
    """The fake WeCom API: robot key `robot-key`, the AI bot's response_url."""
    async with WeComServer() as server:
        yield server


@pytest.fixture
async def gateway() -> AsyncIterator[WeComGateway]:
    """The fake WeCom long-connection gateway: AI bots `aibot-id` and `aibot-2`."""
    async with WeComGateway() as server:
        yield server


@pytest.fixture
async def dingtalk() -> AsyncIterator[DingTalkServer]:
    """The fake DingTalk API: signed robot `robot-token`, unsigned `open-robot`, Stream gateway."""
    async with DingTalkServer() as server:
        yield server


@pytest.fixture
async def feishu() -> AsyncIterator[FeishuServer]:
    """The fake Feishu API: signed bot `hook-1`, unsigned `open-hook`, token and reply APIs."""
    async with FeishuServer() as server:
        yield server


@pytest.fixture
def new_garbage_only() -> Iterator[None]:
    """Let a test's gc.collect() look only at what was made since the test began: the objects
    of every test before it are frozen meanwhile (late in a worker, a full collection over them
    took seconds; a finaliser the test waits for is of its own objects)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
