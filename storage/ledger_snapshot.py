"""The ledger in memory: people and their accounts, projects, plans, owners and stand-ins.

A LedgerSnapshot holds plain read-only values, read in one go, so that what every chat message
looks up (its sender, the project a report names, that project's plan, whether the sender may
report for it) is a dict access instead of an ORM query of about a millisecond. It knows
nothing of freshness: storage.ledger_cache decides when one may answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from storage.model_base import Base
from storage.models import Identity, Leave, Person, Project, ProjectOwner, ProjectPlan
from storage.project_refs import digits_of

Values = Mapping[str, Any]
"""One row: its model's column values by attribute name, as the ORM would load them."""
# SQLite's LIKE ignores the case of ASCII letters only; resolve's partial match does the same.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """`text` as SQLite's LIKE compares it (ASCII letters in lower case)."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Named:
    """An active project with its name and aliases folded for a partial match."""

    values: Values
    name: str
    aliases: str


@dataclass(frozen=True)
class LedgerSnapshot:
    """The ledger tables chat looks up on every message, as of one moment."""

    people: Mapping[int, Values]
    mobiles: Mapping[str, int]
    """Active people by mobile."""
    accounts: Mapping[tuple[str, str], int]
    """Active people by (platform, external id)."""
    projects: Mapping[int, Values]
    """Every project, active or not, by id."""
    active: tuple[Named, ...]
    """Active projects in the order resolve lists them: by name."""
    exact: Mapping[str, frozenset[int]]
    """Active projects by code and by full name."""
    coded: Mapping[str, frozenset[int]]
    """Active projects by code without its dashes (`project_refs.digits_of`)."""
    plans: Mapping[tuple[int, int], Values]
    """Plans by (project id, year)."""
    owners: frozenset[tuple[int, int]]
    """(project id, person id) of every owner."""
    stand_ins: Mapping[int, tuple[tuple[int, date, date], ...]]
    """Stand-in id → (owner on leave, first day, last day) of each leave naming them."""

    def stands_in(self, project_id: int, person_id: int, today: date) -> bool:
        """Whether an owner of the project is on leave today with this person standing in."""
        return any(
            start <= today <= end and (project_id, owner) in self.owners
            for owner, start, end in self.stand_ins.get(person_id, ())
        )


def load(session: Session) -> LedgerSnapshot:
    """Read the snapshot in the session's transaction."""
    people = _by_id(_rows(session, Person))
    projects = _by_id(_rows(session, Project))
    active = [p for p in projects.values() if p["active"]]
    active.sort(key=lambda p: (p["name"], p["id"]))
    exact: dict[str, set[int]] = {}
    coded: dict[str, set[int]] = {}
    for project in active:
        exact.setdefault(project["code"], set()).add(project["id"])
        exact.setdefault(project["name"], set()).add(project["id"])
        coded.setdefault(digits_of(project["code"]), set()).add(project["id"])
    stand_ins: dict[int, list[tuple[int, date, date]]] = {}
    for leave in _rows(session, Leave):
        if leave["stand_in_id"] is not None:
            span = (leave["person_id"], leave["start_on"], leave["end_on"])
            stand_ins.setdefault(leave["stand_in_id"], []).append(span)
    return LedgerSnapshot(
        people=people,
        mobiles={p["mobile"]: i for i, p in people.items() if p["active"]},
        accounts={
            (a["platform"], a["external_id"]): a["person_id"]
            for a in _rows(session, Identity)
            if people[a["person_id"]]["active"]
        },
        projects=projects,
        active=tuple(Named(p, fold(p["name"]), fold(p["aliases"])) for p in active),
        exact={key: frozenset(ids) for key, ids in exact.items()},
        coded={key: frozenset(ids) for key, ids in coded.items()},
        plans={(p["project_id"], p["year"]): p for p in _rows(session, ProjectPlan)},
        owners=frozenset((o["project_id"], o["person_id"]) for o in _rows(session, ProjectOwner)),
        stand_ins={person: tuple(spans) for person, spans in stand_ins.items()},
    )


def _by_id(rows: Iterator[Values]) -> dict[int, Values]:
    return {row["id"]: row for row in rows}


def _rows(session: Session, model: type[Base]) -> Iterator[Values]:
    """Every row of `model`'s table, with the column types' conversions (dates, JSON) applied."""
    columns = inspect(model).column_attrs
    statement = select(*(c.columns[0] for c in columns))
    keys = [c.key for c in columns]
    for row in session.connection().execute(statement):
        yield MappingProxyType(dict(zip(keys, row, strict=True)))
