"""The index on reports.occurred_start becomes one on (occurred_start, id, event_type,
latitude, longitude): a listing walks it in page order and checks the event type and the
box in it, reading from the table only the reports it answers with.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTING = ["occurred_start", "id", "event_type", "latitude", "longitude"]


def upgrade() -> None:
    """Replace ix_reports_occurred_start by ix_reports_occurred_start_listing."""
    op.create_index("ix_reports_occurred_start_listing", "reports", LISTING, unique=False)
    op.drop_index("ix_reports_occurred_start", table_name="reports")


def downgrade() -> None:
    """Put ix_reports_occurred_start back in place of ix_reports_occurred_start_listing."""
    op.create_index("ix_reports_occurred_start", "reports", ["occurred_start"], unique=False)
    op.drop_index("ix_reports_occurred_start_listing", table_name="reports")
