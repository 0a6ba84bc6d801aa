"""the platform's tables: platforms, keys, events, bookings, idempotency, immersions,
employers

They were created by the assistant's migration 0002 until the platform became
its own package; a database migrated then already has them, with their data:
this revision then creates nothing and only records that the platform's chain
owns them (in `platform_alembic_version`). A fresh database gets them here.

Revision ID: p0001
Revises:
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "p0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TABLES = (
    "platform_platforms",
    "platform_api_keys",
    "platform_events",
    "platform_bookings",
    "platform_idempotency_keys",
    "platform_immersion_requests",
    "platform_employers",
)


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names()) & set(TABLES)
    if present == set(TABLES):
        return  # made by the assistant's 0002 before the split: kept as they are
    if present:
        raise RuntimeError(f"some platform tables exist, not all: {sorted(present)}")
    _create()


def _create() -> None:
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


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
