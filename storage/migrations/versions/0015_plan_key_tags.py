"""plan key tags: the 重点类别 of a project's plan for a year (20大重点项目, 1355 …)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project_plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key_tags", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("project_plans", schema=None) as batch_op:
        batch_op.drop_column("key_tags")
