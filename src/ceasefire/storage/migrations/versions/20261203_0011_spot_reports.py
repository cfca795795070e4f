"""Spot reports: a short report drafted when an alert fires, edited by an analyst and
marked sent once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

WHEN = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the spot_reports table."""
    op.create_table(
        "spot_reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("alert_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("incident_ids", JSON_DOC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("edited_by", sa.Text(), nullable=True),
        sa.Column("sent_by", sa.Text(), nullable=True),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.Column("sent_to", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('draft','sent')", name=op.f("ck_spot_reports_status")),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_spot_reports_alert_id_alerts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_reports")),
        sa.UniqueConstraint("alert_id", name=op.f("uq_spot_reports_alert_id")),
    )


def downgrade() -> None:
    """Drop the spot_reports table."""
    op.drop_table("spot_reports")
