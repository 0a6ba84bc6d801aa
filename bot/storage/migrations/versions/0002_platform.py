"""platform API: platforms, keys, events, bookings, idempotency, immersions, employers;
the assistant's pending bookings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "platform_platforms",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("commune", sa.String(length=120), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", JSONType, nullable=False),
        sa.Column("answer_within_hours", sa.Integer(), nullable=False),
        sa.Column("counsellors", JSONType, nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("departement"),
    )

    op.create_table(
        "platform_api_keys",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("platform_id", BigId, nullable=True),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("revoked_at", _tz(), nullable=True),
        sa.ForeignKeyConstraint(["platform_id"], ["platform_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_index("ix_platform_api_keys_platform_id", "platform_api_keys", ["platform_id"])

    op.create_table(
        "platform_events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("platform_id", BigId, nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", _tz(), nullable=False),
        sa.Column("ends_at", _tz(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("commune", sa.String(length=120), nullable=True),
        sa.Column("postal_code", sa.String(length=5), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_left", sa.Integer(), nullable=False),
        sa.Column("accessibility", sa.Text(), nullable=True),
        sa.Column("public_transport", sa.Text(), nullable=True),
        sa.Column("jobs", JSONType, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.CheckConstraint("seats_left >= 0 AND seats_left <= capacity", name="seats_in_range"),
        sa.ForeignKeyConstraint(["platform_id"], ["platform_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_platform_events_platform_id", "platform_events", ["platform_id"])
    op.create_index("ix_platform_events_departement", "platform_events", ["departement"])
    op.create_index("ix_platform_events_starts_at", "platform_events", ["starts_at"])
    op.create_index("ix_platform_events_lat_lon", "platform_events", ["lat", "lon"])

    op.create_table(
        "platform_bookings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("platform_id", BigId, nullable=False),
        sa.Column("candidate_ref", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("cancelled_at", _tz(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["platform_events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["platform_id"], ["platform_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_platform_bookings_event_id", "platform_bookings", ["event_id"])
    op.create_index("ix_platform_bookings_platform_id", "platform_bookings", ["platform_id"])
    op.create_index("ix_platform_bookings_candidate_ref", "platform_bookings", ["candidate_ref"])
    op.create_index(
        "uq_platform_bookings_event_candidate",
        "platform_bookings",
        ["event_id", "candidate_ref"],
        unique=True,
        sqlite_where=sa.text("status = 'confirmed'"),
        postgresql_where=sa.text("status = 'confirmed'"),
    )

    op.create_table(
        "platform_idempotency_keys",
        sa.Column("scoped_key", sa.String(length=250), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", JSONType, nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("scoped_key"),
    )

    op.create_table(
        "platform_immersion_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("platform_id", BigId, nullable=False),
        sa.Column("candidate_ref", sa.String(length=128), nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("commune", sa.String(length=120), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("period_text", sa.String(length=200), nullable=True),
        sa.Column("employer_wish", sa.String(length=300), nullable=True),
        sa.Column("employer_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("counsellor", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("decided_at", _tz(), nullable=True),
        sa.ForeignKeyConstraint(["platform_id"], ["platform_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_platform_immersion_requests_platform_id", "platform_immersion_requests", ["platform_id"]
    )
    op.create_index(
        "ix_platform_immersion_requests_candidate_ref",
        "platform_immersion_requests",
        ["candidate_ref"],
    )

    op.create_table(
        "platform_employers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("platform_id", BigId, nullable=True),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("commune", sa.String(length=120), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("jobs", JSONType, nullable=False),
        sa.Column("hiring", sa.Boolean(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["platform_id"], ["platform_platforms.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_platform_employers_platform_id", "platform_employers", ["platform_id"])
    op.create_index("ix_platform_employers_departement", "platform_employers", ["departement"])
    op.create_index("ix_platform_employers_lat_lon", "platform_employers", ["lat", "lon"])

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
    op.drop_table("platform_employers")
    op.drop_table("platform_immersion_requests")
    op.drop_table("platform_idempotency_keys")
    op.drop_table("platform_bookings")
    op.drop_table("platform_events")
    op.drop_table("platform_api_keys")
    op.drop_table("platform_platforms")
