"""inbound as sent: the sender's nickname, the mentions, an @ to the bot, a picture or a file

A message the sweeper answers from its row after a crash is answered as it was sent: a picture
is told the bot reads text only, a group message @-ing the bot is answered, and a bind request
names the account's nickname. Rows stored before keep none of it and are read as plain text.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("mentions", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("addressed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("unreadable", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        batch_op.drop_column("unreadable")
        batch_op.drop_column("addressed")
        batch_op.drop_column("mentions")
        batch_op.drop_column("sender_name")
