"""robot_pauses: a robot's pause (rate limit) shared by every process and later pushes

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "robot_pauses",
        sa.Column("robot", sa.String(length=64), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("robot", name=op.f("pk_robot_pauses")),
    )


def downgrade() -> None:
    op.drop_table("robot_pauses")
