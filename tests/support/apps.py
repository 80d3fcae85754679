"""The real app in tests: its settings (local adapter, frozen clock, a fresh SQLite file), a
client over the seed ledger with platform identities, and row counts read from its database."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select

from bot.keys import DB
from core.settings import Settings, load_settings
from storage.models import Identity, Person
from tests.support.schema import with_schema
from tests.support.seed import OWNER, seed

LOCAL_GROUPS = [
    {"name": "城区项目责任人群", "platform": "local", "role": "owners", "chat_id": "owners"},
    {"name": "城区包联领导群", "platform": "local", "role": "leaders", "chat_id": "leaders"},
    {"name": "区项目攻坚专班办公室", "platform": "local", "role": "office", "chat_id": "office"},
    {"name": "北石店镇项目群", "platform": "local", "role": "unit:北石店镇", "chat_id": "town"},
]


def app_settings(tmp_path: Path, now: str = "2025-04-24 10:00", **overrides: object) -> Settings:
    """Settings of a local-only app on a fresh SQLite file (the schema made) with a frozen
    clock."""
    values: dict[str, object] = {
        "database": {"url": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"},
        "clock": {"now": now},
        "local": {"enabled": True},
        "dashboard": {"token": "secret-token-0123456789"},
        "groups": LOCAL_GROUPS,
        "calendar": {"holidays_file": str(tmp_path / "holidays.toml")},
    }
    values.update(overrides)
    if "database" not in overrides:
        with_schema(tmp_path / "chat.db")
    return load_settings(None, **values)


async def bind(app: web.Application, mobile: str, external_id: str, platform: str) -> None:
    """Give a seeded person a platform identity."""
    async with app[DB].write() as session:
        person = (await session.execute(select(Person).where(Person.mobile == mobile))).scalar_one()
        session.add(Identity(person_id=person.id, platform=platform, external_id=external_id))


async def seeded_client(
    aiohttp_client: AiohttpClient, app: web.Application, **owner_ids: str
) -> TestClient:
    """Start `app` over tests/support/seed.py's ledger, 张伟 (OWNER) holding the ids given."""
    client = await aiohttp_client(app)
    await seed(app[DB])
    for platform, external_id in owner_ids.items():
        await bind(app, OWNER, external_id, platform)
    return client


async def count(client: TestClient, model: type) -> int:
    """How many rows of `model` the app's database holds."""
    async with client.app[DB].read() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()
