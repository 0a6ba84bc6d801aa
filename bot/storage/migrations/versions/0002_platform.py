"""the assistant's pending bookings (bookings asked while a platform was down)

Until the reference platform became its own package (platform_server), this
revision also created the platform's tables (platform_*). It no longer does:
they belong to the platform's own chain, whose first revision creates them
only where they are absent. A database migrated before keeps them and their
data; this chain never touches them again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pending_bookings",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=191), nullable=False),
        sa.Column("candidate_ref", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.String(length=32), nullable=True),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", _tz(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("updated_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_pending_bookings_due", "pending_bookings", ["status", "next_attempt_at"])
    op.create_index("ix_pending_bookings_candidate_ref", "pending_bookings", ["candidate_ref"])


def downgrade() -> None:
    op.drop_table("pending_bookings")
