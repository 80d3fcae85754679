"""Writing the ledger's units, people and platform identities (upsert by name and mobile)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger.counts import Counts
from storage.ledger.people import PersonSpec
from storage.models import Identity, Person, Unit
from storage.repos import ledger_repo

ROLE_FLAGS = {"owner": "is_owner", "leader": "is_leader", "admin": "is_admin"}


def assign(target: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    return bool(assign_fields(target, values))


def assign_fields(target: Any, values: dict[str, Any]) -> list[str]:
    """Set the attributes that differ; the names of those that changed."""
    changed = []
    for attr, value in values.items():
        if getattr(target, attr) != value:
            setattr(target, attr, value)
            changed.append(attr)
    return changed


def unit_kind(name: str) -> str:
    """Guess a unit's kind from its name: 乡镇, 街道, 企业 or 部门."""
    if name.endswith(("镇", "乡", "镇人民政府", "乡人民政府")):
        return "乡镇"
    if name.endswith(("街道", "街道办事处", "街道办")):
        return "街道"
    if name.endswith(("公司", "集团", "厂")):
        return "企业"
    return "部门"


async def write_units(session: AsyncSession, names: set[str], counts: Counts) -> dict[str, Unit]:
    """Every unit the file names, created when new."""
    units = await ledger_repo.units_by_name(session)
    new = [Unit(name=name, kind=unit_kind(name)) for name in sorted(names - units.keys())]
    session.add_all(new)
    await session.flush()
    units.update((unit.name, unit) for unit in new)
    counts.units_created += len(new)
    counts.new_units += [unit.name for unit in new]
    return units


async def write_people(
    session: AsyncSession, specs: dict[str, PersonSpec], units: dict[str, Unit], counts: Counts
) -> dict[str, int]:
    """Upsert people by mobile (mobile → id); roles only ever add up, a stated unit wins."""
    stored = await ledger_repo.people_by_mobile(session, specs)
    changed: set[str] = set()
    new: list[dict[str, Any]] = []
    for mobile, spec in specs.items():
        values: dict[str, Any] = {"name": spec.name}
        values.update((flag, role in spec.roles) for role, flag in ROLE_FLAGS.items())
        if (person := stored.get(mobile)) is None:
            unit = units.get(spec.unit or spec.default_unit or "")
            new.append(values | {"mobile": mobile, "unit_id": unit.id if unit else None})
            continue
        values = {key: value for key, value in values.items() if value}  # never drop a role
        if spec.unit:
            values["unit_id"] = units[spec.unit].id
        if assign(person, values):
            changed.add(mobile)
    await session.flush()
    ids = {mobile: person.id for mobile, person in stored.items()}
    ids |= await ledger_repo.insert_returning(session, Person, new, "mobile")
    changed |= await _write_identities(session, specs, ids)
    counts.people_created += len(new)
    counts.people_updated += len(changed - {row["mobile"] for row in new})
    counts.people_unchanged += len(specs) - len(new) - len(changed - {row["mobile"] for row in new})
    return ids


async def _write_identities(
    session: AsyncSession, specs: dict[str, PersonSpec], ids: dict[str, int]
) -> set[str]:
    """Set the accounts the file names; the mobiles whose accounts were added or changed."""
    wanted = {mobile: spec.accounts for mobile, spec in specs.items() if spec.accounts}
    stored = await ledger_repo.identities_of(session, [ids[mobile] for mobile in wanted])
    existing = {(i.person_id, i.platform): i for i in stored}
    changed: set[str] = set()
    for mobile, accounts in wanted.items():
        for platform, external in accounts.items():
            identity = existing.get((ids[mobile], platform))
            if identity is None:
                session.add(
                    Identity(person_id=ids[mobile], platform=platform, external_id=external)
                )
                changed.add(mobile)
            elif identity.external_id != external:
                # The office's ledger overrides an account someone bound by chat.
                assign(identity, {"external_id": external, "bound_by_chat": False})
                changed.add(mobile)
    await session.flush()
    return changed
