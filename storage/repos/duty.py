"""Which projects owe weekly reports, in SQL: the one rule 未报 lists and reminders share."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, or_

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
