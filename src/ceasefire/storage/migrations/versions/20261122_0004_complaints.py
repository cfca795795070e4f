"""Complaints, their links and evidence, requests for information and the redacted
summaries sent to each party.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the complaints tables and give agreements their complaint deadlines."""
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complaint_deadlines", JSON_DOC, nullable=True))
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("party_id", sa.String(length=50), nullable=False),
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("allegation", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("occurred_start", WHEN, nullable=False),
        sa.Column("occurred_end", WHEN, nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("place_name", sa.Text(), nullable=False),
        sa.Column("zone_ids", JSON_DOC, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
        sa.Column("acknowledge_by", WHEN, nullable=False),
        sa.Column("finding_by", WHEN, nullable=False),
        sa.Column("acknowledged_at", WHEN, nullable=True),
        sa.Column("investigation_at", WHEN, nullable=True),
        sa.Column("finding_issued_at", WHEN, nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("finding_id", sa.String(length=36), nullable=True),
        sa.Column("filed_by", sa.Text(), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.CheckConstraint(
            "status IN ('received','acknowledged','under_investigation','finding_issued',"
            "'closed','withdrawn')",
            name=op.f("ck_complaints_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
    )
    op.create_index(op.f("ix_complaints_party_id"), "complaints", ["party_id"], unique=False)
    op.create_table(
        "complaint_evidence",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_evidence_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_evidence")),
    )
    op.create_index(
        op.f("ix_complaint_evidence_complaint_id"),
        "complaint_evidence",
        ["complaint_id"],
        unique=False,
    )
    op.create_table(
        "complaint_links",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.CheckConstraint("kind IN ('report','incident')", name=op.f("ck_complaint_links_kind")),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_links_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint(
            "complaint_id", "kind", "target_id", name=op.f("pk_complaint_links")
        ),
    )
    op.create_table(
        "complaint_summaries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("party_id", sa.String(length=50), nullable=False),
        sa.Column("finding_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rules", JSON_DOC, nullable=False),
        sa.Column("redactions", JSON_DOC, nullable=False),
        sa.Column("sent_by", sa.Text(), nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_summaries_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_summaries")),
    )
    op.create_index(
        op.f("ix_complaint_summaries_complaint_id"),
        "complaint_summaries",
        ["complaint_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_complaint_summaries_party_id"), "complaint_summaries", ["party_id"], unique=False
    )
    op.create_table(
        "information_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=True),
        sa.Column("party_id", sa.String(length=50), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_by", sa.Text(), nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.Column("answer_by", WHEN, nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Text(), nullable=True),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.CheckConstraint(
            "status IN ('sent','answered','withdrawn')", name=op.f("ck_information_requests_status")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_information_requests_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_information_requests")),
    )
    op.create_index(
        op.f("ix_information_requests_complaint_id"),
        "information_requests",
        ["complaint_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_information_requests_party_id"), "information_requests", ["party_id"], unique=False
    )


def downgrade() -> None:
    """Drop the complaints tables and the agreements' complaint deadlines."""
    op.drop_index(op.f("ix_information_requests_party_id"), table_name="information_requests")
    op.drop_index(op.f("ix_information_requests_complaint_id"), table_name="information_requests")
    op.drop_table("information_requests")
    op.drop_index(op.f("ix_complaint_summaries_party_id"), table_name="complaint_summaries")
    op.drop_index(op.f("ix_complaint_summaries_complaint_id"), table_name="complaint_summaries")
    op.drop_table("complaint_summaries")
    op.drop_table("complaint_links")
    op.drop_index(op.f("ix_complaint_evidence_complaint_id"), table_name="complaint_evidence")
    op.drop_table("complaint_evidence")
    op.drop_index(op.f("ix_complaints_party_id"), table_name="complaints")
    op.drop_table("complaints")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("complaint_deadlines")
