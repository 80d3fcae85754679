"""project plans per year: annual and monthly plan, key level and planned dates by 计划年度

Revision ID: 0014
Revises: 0013

The plan columns leave `projects` for `project_plans`, one row per project and year. What a
ledger holds already is the plan of the year its reports are about (the year most current
reports count for; else the year the latest project entered the ledger; else this year).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from domain.clock import SHANGHAI

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_PLAN_COLUMNS = (
    "annual_plan_yuan",
    "monthly_plan_yuan",
    "level",
    "is_key",
    "planned_start",
    "planned_completion",
)


def upgrade() -> None:
    op.create_table(
        "project_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("annual_plan_yuan", sa.BigInteger(), nullable=False),
        sa.Column("monthly_plan_yuan", sa.JSON(), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("is_key", sa.Boolean(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_completion", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_plans_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_plans")),
        sa.UniqueConstraint("project_id", "year", name=op.f("uq_project_plans_project_id_year")),
    )
    with op.batch_alter_table("project_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_plans_year"), ["year"], unique=False)
    columns = ", ".join(_PLAN_COLUMNS)
    op.execute(
        sa.text(
            f"INSERT INTO project_plans (project_id, year, {columns}) "
            f"SELECT id, :year, {columns} FROM projects"
        ).bindparams(year=_ledger_year())
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        for column in _PLAN_COLUMNS:
            batch_op.drop_column(column)


def _ledger_year() -> int:
    """The year the stored plans are for, judged from what the ledger holds."""
    bind = op.get_bind()
    reported = bind.execute(
        sa.text(
            "SELECT substr(month, 1, 4) AS year, count(*) AS n FROM reports "
            "WHERE superseded_by_id IS NULL AND withdrawn_at IS NULL "
            "GROUP BY substr(month, 1, 4) ORDER BY n DESC, year DESC LIMIT 1"
        )
    ).first()
    if reported is not None:
        return int(reported.year)
    entered = bind.execute(sa.text("SELECT max(entered_ledger_on) FROM projects")).scalar()
    if entered is not None:
        return int(str(entered)[:4])
    return datetime.now(SHANGHAI).year


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("annual_plan_yuan", sa.BigInteger(), server_default="0"))
        batch_op.add_column(sa.Column("monthly_plan_yuan", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("level", sa.String(length=20), server_default="一般"))
        batch_op.add_column(sa.Column("is_key", sa.Boolean(), server_default=sa.false()))
        batch_op.add_column(sa.Column("planned_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("planned_completion", sa.Date(), nullable=True))
    # The latest year's plan goes back onto the project; the other years are lost.
    for column in _PLAN_COLUMNS:
        op.execute(
            sa.text(
                f"UPDATE projects SET {column} = (SELECT p.{column} FROM project_plans p "
                "WHERE p.project_id = projects.id ORDER BY p.year DESC LIMIT 1)"
                f" WHERE EXISTS (SELECT 1 FROM project_plans p WHERE p.project_id = projects.id)"
            )
        )
    op.drop_table("project_plans")
