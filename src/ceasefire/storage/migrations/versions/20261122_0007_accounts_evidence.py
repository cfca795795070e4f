"""Accounts (users with a role, a liaison's party, a monitor's nation, a password hash),
API tokens kept as hashes, login attempts for rate limiting, and content-addressed evidence
files with the reports and complaints they belong to.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

WHEN = sa.DateTime(timezone=True)

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the accounts and evidence tables."""
    op.create_table(
        "evidence_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("stored_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_files")),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("remote", sa.String(length=100), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(
        op.f("ix_login_attempts_username"), "login_attempts", ["username"], unique=False
    )
    op.create_index(op.f("ix_login_attempts_remote"), "login_attempts", ["remote"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.String(length=50), nullable=True),
        sa.Column("nation", sa.String(length=50), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("disabled_at", WHEN, nullable=True),
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("locked_until", WHEN, nullable=True),
        sa.CheckConstraint(
            "role IN ('monitor','analyst','party_liaison','head_of_mission','public','admin')",
            name=op.f("ck_users_role"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.Column("last_used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.CheckConstraint(
            "entity IN ('report','complaint')", name=op.f("ck_evidence_links_entity")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["evidence_files.sha256"],
            name=op.f("fk_evidence_links_sha256_evidence_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint("sha256", "entity", "entity_id", name=op.f("uq_evidence_links_sha256")),
    )
    op.create_index(op.f("ix_evidence_links_sha256"), "evidence_links", ["sha256"], unique=False)
    op.create_index(
        "ix_evidence_links_entity", "evidence_links", ["entity", "entity_id"], unique=False
    )


def downgrade() -> None:
    """Drop the accounts and evidence tables."""
    op.drop_index("ix_evidence_links_entity", table_name="evidence_links")
    op.drop_index(op.f("ix_evidence_links_sha256"), table_name="evidence_links")
    op.drop_table("evidence_links")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_index(op.f("ix_login_attempts_remote"), table_name="login_attempts")
    op.drop_index(op.f("ix_login_attempts_username"), table_name="login_attempts")
    op.drop_table("login_attempts")
    op.drop_table("evidence_files")
