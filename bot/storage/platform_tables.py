"""The assistant's own tables of the platform layer: bookings asked while a platform
was down, retried later (migration: bot/storage/migrations/versions/0002_platform.py),
and the pseudonyms the platform knows people by (0008_candidate_refs.py).

The platform's tables are the platform server's (platform_server/tables.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId, UTCDateTime, utcnow

__all__ = ["CandidateRef", "PendingBooking"]


class PendingBooking(Base):
    """A booking asked while the platform was down, retried by the worker."""

    __tablename__ = "pending_bookings"
    __table_args__ = (Index("ix_pending_bookings_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(191), unique=True)
    candidate_ref: Mapped[str] = mapped_column(String(128), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    #: pending → booked | rejected | failed (gave up)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    booking_id: Mapped[str | None] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CandidateRef(Base):
    """A person's `candidate_ref` on the platform: a keyed pseudonym of the sender id.

    The platform never sees a sender id (for SMS, a phone number). This row turns a
    platform booking back into the person to remind, and lets an erasure reach
    every pseudonym the person was ever given. Erased with the person.
    """

    __tablename__ = "candidate_refs"
    __table_args__ = (UniqueConstraint("ref"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(64))
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
