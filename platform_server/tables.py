"""The reference platform's tables, on a metadata of its own.

Migrations: platform_server/migrations/versions/ (version table
`platform_alembic_version`). Change both together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sqlkit.types import BigId, JSONType, UTCDateTime, utcnow

__all__ = [
    "Base",
    "PlatformApiKey",
    "PlatformBooking",
    "PlatformEmployer",
    "PlatformEvent",
    "PlatformIdempotencyKey",
    "PlatformImmersionRequest",
    "PlatformRecord",
]


#: the platform a row belongs to (its rows go when the platform goes)
PlatformId = Annotated[
    int, mapped_column(ForeignKey("platform_platforms.id", ondelete="CASCADE"), index=True)
]


class Base(DeclarativeBase):
    """The platform's own metadata: its tables, its migrations, its database."""


class PlatformRecord(Base):
    """One plateforme départementale des métiers de l'autonomie."""

    __tablename__ = "platform_platforms"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    departement: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    commune: Mapped[str] = mapped_column(String(120))
    postal_code: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    phone: Mapped[str] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSONType)
    answer_within_hours: Mapped[int] = mapped_column(Integer, default=4)
    counsellors: Mapped[list[str]] = mapped_column(JSONType, default=list)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlatformApiKey(Base):
    """An API key, stored as the SHA-256 of the key (keys are 256-bit random tokens)."""

    __tablename__ = "platform_api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    #: NULL: a national key, which may act for every platform.
    platform_id: Mapped[int | None] = mapped_column(
        ForeignKey("platform_platforms.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    platform: Mapped[PlatformRecord | None] = relationship()


class PlatformEvent(Base):
    __tablename__ = "platform_events"
    __table_args__ = (
        # capacity is never exceeded, whatever the code path
        CheckConstraint("seats_left >= 0 AND seats_left <= capacity", name="seats_in_range"),
        Index("ix_platform_events_starts_at", "starts_at"),
        Index("ix_platform_events_lat_lon", "lat", "lon"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[PlatformId]
    departement: Mapped[str] = mapped_column(String(3), index=True)
    type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    address: Mapped[str | None] = mapped_column(String(300))
    commune: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int] = mapped_column(Integer)
    seats_left: Mapped[int] = mapped_column(Integer)
    accessibility: Mapped[str | None] = mapped_column(Text)
    public_transport: Mapped[str | None] = mapped_column(Text)
    jobs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    platform: Mapped[PlatformRecord] = relationship()


class PlatformBooking(Base):
    __tablename__ = "platform_bookings"
    __table_args__ = (
        # A person holds at most one live booking per event; a cancelled one can be re-made.
        Index(
            "uq_platform_bookings_event_candidate",
            "event_id",
            "candidate_ref",
            unique=True,
            sqlite_where=text("status = 'confirmed'"),
            postgresql_where=text("status = 'confirmed'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(
        ForeignKey("platform_events.id", ondelete="CASCADE"), index=True
    )
    platform_id: Mapped[PlatformId]
    candidate_ref: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: after the event: the person came (true) or not (false); NULL: not recorded.
    attended: Mapped[bool | None] = mapped_column(Boolean)

    event: Mapped[PlatformEvent] = relationship()


class PlatformIdempotencyKey(Base):
    """The first successful answer to a POST carrying an Idempotency-Key, replayed after."""

    __tablename__ = "platform_idempotency_keys"

    #: the key's owner ("national" or "platform:<id>") and the key, as one string.
    scoped_key: Mapped[str] = mapped_column(String(250), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlatformImmersionRequest(Base):
    """A PMSMP (immersion) request, validated or refused by a counsellor."""

    __tablename__ = "platform_immersion_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    platform_id: Mapped[PlatformId]
    candidate_ref: Mapped[str] = mapped_column(String(128), index=True)
    job: Mapped[str] = mapped_column(String(64))
    commune: Mapped[str] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    period_text: Mapped[str | None] = mapped_column(String(200))
    employer_wish: Mapped[str | None] = mapped_column(String(300))
    employer_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    counsellor: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    platform: Mapped[PlatformRecord] = relationship()


class PlatformEmployer(Base):
    """A recruiter (BAAM-style directory): SAD, EHPAD, disability service, hospital."""

    __tablename__ = "platform_employers"
    __table_args__ = (Index("ix_platform_employers_lat_lon", "lat", "lon"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(
        ForeignKey("platform_platforms.id", ondelete="SET NULL"), index=True
    )
    departement: Mapped[str] = mapped_column(String(3), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(300))
    commune: Mapped[str] = mapped_column(String(120))
    postal_code: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    jobs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    hiring: Mapped[bool] = mapped_column(Boolean, default=True)
    website: Mapped[str | None] = mapped_column(String(300))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
