"""Corridor checkpoints and daily crossings, exchanges of detainees and bodies with
person-level records, and returns of displaced persons.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tracking tables."""
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("provision_id", sa.String(length=100), nullable=True),
        sa.Column("zone_id", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("directions", JSON_DOC, nullable=False),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkpoints")),
    )
    op.create_table(
        "displaced_returns",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("district", sa.String(length=100), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint("people >= 0", name=op.f("ck_displaced_returns_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_displaced_returns")),
        sa.UniqueConstraint(
            "district", "month", "source", name=op.f("uq_displaced_returns_district")
        ),
    )
    op.create_table(
        "exchanges",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("from_party_id", sa.String(length=50), nullable=False),
        sa.Column("to_party_id", sa.String(length=50), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("provision_id", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_exchanges_count")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
    )
    op.create_index(op.f("ix_exchanges_day"), "exchanges", ["day"], unique=False)
    op.create_table(
        "crossings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("checkpoint_id", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=40), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("vehicles", sa.Integer(), nullable=False),
        sa.Column("goods_tonnes", sa.Float(), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "people >= 0 AND vehicles >= 0 AND goods_tonnes >= 0", name=op.f("ck_crossings_counts")
        ),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["checkpoints.id"],
            name=op.f("fk_crossings_checkpoint_id_checkpoints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossings")),
        sa.UniqueConstraint(
            "checkpoint_id", "day", "direction", name=op.f("uq_crossings_checkpoint_id")
        ),
    )
    op.create_index(op.f("ix_crossings_day"), "crossings", ["day"], unique=False)
    op.create_table(
        "detained_persons",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("held_by_party_id", sa.String(length=50), nullable=False),
        sa.Column("of_party_id", sa.String(length=50), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("exchange_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["exchanges.id"],
            name=op.f("fk_detained_persons_exchange_id_exchanges"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detained_persons")),
    )
    op.create_index(
        op.f("ix_detained_persons_exchange_id"), "detained_persons", ["exchange_id"], unique=False
    )


def downgrade() -> None:
    """Drop the tracking tables."""
    op.drop_index(op.f("ix_detained_persons_exchange_id"), table_name="detained_persons")
    op.drop_table("detained_persons")
    op.drop_index(op.f("ix_crossings_day"), table_name="crossings")
    op.drop_table("crossings")
    op.drop_index(op.f("ix_exchanges_day"), table_name="exchanges")
    op.drop_table("exchanges")
    op.drop_table("displaced_returns")
    op.drop_table("checkpoints")
