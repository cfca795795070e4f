"""An index on reports (time_precision, occurred_start, latitude, longitude, geo_precision)
in place of the one on reports.cell, which no query used: linking a new report reads, for
each band of time precision, the reports of that band in its window, and with this index
each band reads only its own rows (not every report of the widest window) and checks the
place in the index.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_WINDOW = ["time_precision", "occurred_start", "latitude", "longitude", "geo_precision"]


def upgrade() -> None:
    """Replace ix_reports_cell by ix_reports_link_window."""
    op.create_index("ix_reports_link_window", "reports", LINK_WINDOW, unique=False)
    op.drop_index("ix_reports_cell", table_name="reports")


def downgrade() -> None:
    """Put ix_reports_cell back in place of ix_reports_link_window."""
    op.create_index("ix_reports_cell", "reports", ["cell"], unique=False)
    op.drop_index("ix_reports_link_window", table_name="reports")
