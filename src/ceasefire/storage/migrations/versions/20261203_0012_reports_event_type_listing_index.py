"""An index on reports (event_type, occurred_start, id, latitude, longitude): a listing
filtered by event type walks only that type's reports, in page order, and checks the box
in the index (at 100,000 reports, the filtered listing's query 0.58 to 0.43 ms on SQLite).
Intake of a file in date order keeps the same speed: each type's reports are appended at
the end of its part of the index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_reports_event_type_listing"
COLUMNS = ["event_type", "occurred_start", "id", "latitude", "longitude"]


def upgrade() -> None:
    """Add ix_reports_event_type_listing."""
    op.create_index(NAME, "reports", COLUMNS, unique=False)


def downgrade() -> None:
    """Drop ix_reports_event_type_listing."""
    op.drop_index(NAME, table_name="reports")
