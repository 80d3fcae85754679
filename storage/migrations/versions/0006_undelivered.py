"""undelivered: messages meant for someone that nothing configured could carry

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "undelivered",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("issuer_id", sa.Integer(), nullable=True),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issuer_id"], ["people.id"], name=op.f("fk_undelivered_issuer_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_undelivered")),
        sa.UniqueConstraint("key", name=op.f("uq_undelivered_key")),
    )
    with op.batch_alter_table("undelivered", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_undelivered_listed_on"), ["listed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("undelivered", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_undelivered_listed_on"))
    op.drop_table("undelivered")
