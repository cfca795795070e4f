"""Verification: the origin of a report (who first said it), incident assessment columns
(attribution confidence, report count, zones, the assessment with its explanation),
analysts' link decisions and verdicts, monitors' signing keys, findings and sign-offs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the verification columns and tables."""
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.Text(), nullable=True))
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "attribution_confidence", sa.Float(), server_default=sa.text("0"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("report_count", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("zone_ids", JSON_DOC, server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.add_column(sa.Column("assessment", JSON_DOC, nullable=True))
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("groups", JSON_DOC, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.CheckConstraint("kind IN ('merge','split')", name=op.f("ck_link_decisions_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decisions")),
    )
    op.create_table(
        "incident_overrides",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("sets_attribution", sa.Boolean(), nullable=False),
        sa.Column("attributed_party_id", sa.String(length=50), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_overrides")),
    )
    op.create_index(
        op.f("ix_incident_overrides_incident_id"), "incident_overrides", ["incident_id"]
    )
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("nation", sa.String(length=50), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("public_key", name=op.f("uq_signing_keys_public_key")),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=True),
        sa.Column("complaint_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("published_at", WHEN, nullable=True),
        sa.CheckConstraint(
            "status IN ('draft','signed_off','published')", name=op.f("ck_findings_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_incident_id"), "findings", ["incident_id"])
    op.create_table(
        "finding_signoffs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("finding_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=100), nullable=False),
        sa.Column("nation", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("signed_at", WHEN, nullable=False),
        sa.Column("voided_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_finding_signoffs_finding_id_findings")
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["signing_keys.id"], name=op.f("fk_finding_signoffs_key_id_signing_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_signoffs")),
    )
    op.create_index(op.f("ix_finding_signoffs_finding_id"), "finding_signoffs", ["finding_id"])


def downgrade() -> None:
    """Drop the verification tables and columns."""
    op.drop_index(op.f("ix_finding_signoffs_finding_id"), table_name="finding_signoffs")
    op.drop_table("finding_signoffs")
    op.drop_index(op.f("ix_findings_incident_id"), table_name="findings")
    op.drop_table("findings")
    op.drop_table("signing_keys")
    op.drop_index(op.f("ix_incident_overrides_incident_id"), table_name="incident_overrides")
    op.drop_table("incident_overrides")
    op.drop_table("link_decisions")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for column in ("assessment", "zone_ids", "report_count", "attribution_confidence"):
            batch_op.drop_column(column)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("origin")
