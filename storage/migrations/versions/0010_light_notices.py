"""light_notices: the light the daily warnings last told people about, per project

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty after the upgrade: the first warnings run records today's lights as the baseline.
    op.create_table(
        "light_notices",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("color", sa.String(length=10), nullable=False),
        sa.Column("before", sa.String(length=10), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_light_notices_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_light_notices")),
    )


def downgrade() -> None:
    op.drop_table("light_notices")
