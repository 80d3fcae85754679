"""序时 is due of a 新建 project from its planned start (`domain.start_due`), in SQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, case, or_

from domain.periods import month_end
from domain.start_due import EARLY, NEW, STARTED_STATUSES
from storage.models import Project, ProjectPlan
from storage.repos.plan_sql import by_month


def awaiting_start(on: date) -> ColumnElement[bool]:
    """A 新建 (in its start month, also a 前期) project before its planned start (of the
    ProjectPlan joined) and not started by `on` (`domain.start_due.before_start`); never NULL,
    so `~` of it keeps other projects."""
    not_started = case(
        (Project.started_on.is_not(None), Project.started_on > on),
        else_=Project.status.not_in(STARTED_STATUSES),
    )
    # planned month by month, or 前期: the months before the start month are owed, start or not
    in_start_month = ProjectPlan.planned_start <= month_end(on.year, on.month)
    return and_(
        Project.category.in_((NEW, EARLY)),
        ProjectPlan.planned_start.is_not(None),
        ProjectPlan.planned_start > on,
        or_(and_(Project.category == NEW, ~by_month()), in_start_month),
        not_started,
    )
