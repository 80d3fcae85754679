"""Which projects owe weekly reports, in SQL: the one rule 未报 lists and reminders share."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from domain.light_rules import FINISHED_STATUSES
from storage.models import Project


def owes_reports(exempt: Collection[str] = ()) -> list[ColumnElement[Any]]:
    """Active, of a category with the duty (not in `exempt`, e.g. 储备) and not finished
    (竣工 declared: `domain.light_rules.is_finished`)."""
    owes: list[ColumnElement[Any]] = [
        Project.active.is_(True),
        Project.completed_on.is_(None),
        Project.status.not_in(FINISHED_STATUSES),
    ]
    if exempt:
        owes.append(Project.category.not_in(list(exempt)))
    return owes


def finished() -> ColumnElement[bool]:
    """The project is finished: 竣工 declared or a finished status (`is_finished` in SQL)."""
    return or_(Project.completed_on.is_not(None), Project.status.in_(FINISHED_STATUSES))


def finished_by(day: date) -> ColumnElement[bool]:
    """The project was finished by `day`: 竣工 declared by then, or a finished status the
    ledger gives without a date (taken as finished all along, as the lights take it)."""
    # no NULL anywhere: `~finished_by(day)` must hold for a project with no 竣工 date
    declared = and_(Project.completed_on.is_not(None), Project.completed_on <= day)
    undated = and_(Project.completed_on.is_(None), Project.status.in_(FINISHED_STATUSES))
    return or_(declared, undated)
