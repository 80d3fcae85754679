"""identity lengths: platform user ids and audit actors as long as the wire models accept (200)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.alter_column(
            "external_id", existing_type=sa.String(length=100), type_=sa.String(length=200)
        )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.alter_column(
            "actor", existing_type=sa.String(length=100), type_=sa.String(length=200)
        )


def downgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.alter_column(
            "actor", existing_type=sa.String(length=200), type_=sa.String(length=100)
        )
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.alter_column(
            "external_id", existing_type=sa.String(length=200), type_=sa.String(length=100)
        )
