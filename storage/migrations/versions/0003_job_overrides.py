"""job overrides: one occurrence of a scheduled job moved to another day

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=False),
        sa.Column("moved_to", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["people.id"], name=op.f("fk_job_overrides_created_by_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_overrides")),
    )
    with op.batch_alter_table("job_overrides", schema=None) as batch_op:
        batch_op.create_index("ix_job_overrides_job_occasion", ["job", "occasion"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_job_overrides_job_occasion")
    op.drop_table("job_overrides")
