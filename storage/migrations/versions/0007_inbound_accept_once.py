"""inbound: stored on arrival, answered from there (state), with what a late answer needs

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        # Rows already there were answered in the transaction that stored them.
        batch_op.add_column(
            sa.Column("state", sa.String(length=10), server_default="done", nullable=False)
        )
        batch_op.add_column(sa.Column("reply_to", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("delivery", sa.String(length=10), nullable=True))
        batch_op.create_index("ix_inbound_state", ["state", "received_at"], unique=False)
        batch_op.create_index("ix_inbound_received_at", ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        batch_op.drop_index("ix_inbound_received_at")
        batch_op.drop_index("ix_inbound_state")
        batch_op.drop_column("delivery")
        batch_op.drop_column("reply_to")
        batch_op.drop_column("state")
