"""light history recorded_at: when each day's light was judged

A light judged on Friday morning is out of date once Friday's 17:00 reporting deadline has
passed; chat and the read API answer from a recorded light only while it still holds.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("light_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("light_history", schema=None) as batch_op:
        batch_op.drop_column("recorded_at")
