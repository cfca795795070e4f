"""Intake: an imports table, and on reports the provenance of imported rows (import, row,
original id, the original fields the model has no place for), the geography computed on
intake (zones, district, distance to the line of contact) and an integer spatial cell.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the imports table and the intake columns of reports."""
    op.create_table(
        "imports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dataset", sa.String(length=20), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_imports_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("import_row", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("original_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("extra", JSON_DOC, nullable=True))
        batch_op.add_column(
            sa.Column("zone_ids", JSON_DOC, server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.add_column(sa.Column("district", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("distance_to_loc_m", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("cell", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_reports_import_id"), ["import_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_cell"), ["cell"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_reports_import_id_imports"), "imports", ["import_id"], ["id"]
        )


def downgrade() -> None:
    """Drop the intake columns and the imports table."""
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reports_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_reports_cell"))
        batch_op.drop_index(batch_op.f("ix_reports_import_id"))
        for column in (
            "cell", "distance_to_loc_m", "district", "zone_ids", "extra", "original_id",
            "import_row", "import_id",
        ):  # fmt: skip
            batch_op.drop_column(column)
    op.drop_table("imports")
