"""The HTTP API: who filed each report (a monitor reads the reports they filed) and the
Idempotency-Key of every write, so a retried request is answered, not repeated.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

WHEN = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add reports.filed_by and the idempotency_keys table."""
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_by", sa.Text(), nullable=True))
    op.create_index("ix_reports_filed_by", "reports", ["filed_by"], unique=False)
    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", JSON_DOC, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("completed_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("principal", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(
        "ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"], unique=False
    )


def downgrade() -> None:
    """Drop the idempotency_keys table and reports.filed_by."""
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_reports_filed_by", table_name="reports")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("filed_by")
