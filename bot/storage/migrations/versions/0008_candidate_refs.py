"""candidate_refs: the keyed pseudonyms the platform knows people by

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "candidate_refs",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_index("ix_candidate_refs_sender_id", "candidate_refs", ["sender_id"])


def downgrade() -> None:
    op.drop_index("ix_candidate_refs_sender_id", table_name="candidate_refs")
    op.drop_table("candidate_refs")
