"""reports by project and month: a project's reports in month order, without a sort

A new report is checked against the project's figures of earlier and later months, and its
standing reads the latest figure of each month of the year; with years of weekly reports a
project holds hundreds, which those reads would otherwise sort every time.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reports_project_month", "reports", ["project_id", "month"])


def downgrade() -> None:
    op.drop_index("ix_reports_project_month", table_name="reports")
