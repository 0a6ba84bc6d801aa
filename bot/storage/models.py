"""SQLAlchemy 2 models. Change them only together with a migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sqlkit.types import BigId, JSONType, UTCDateTime, utcnow

__all__ = [
    "Base",
    "BigId",
    "Candidate",
    "ChannelIdentity",
    "Conversation",
    "ConversationEvent",
    "DeadLetter",
    "InboxMessage",
    "JSONType",
    "OutboxMessage",
    "UTCDateTime",
    "utcnow",
]


class Base(DeclarativeBase):
    pass


class Candidate(Base):
    """A person, with the qualification profile and consent."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    departement: Mapped[str | None] = mapped_column(String(3), index=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    consent_given: Mapped[bool | None] = mapped_column(Boolean)
    consent_text: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    identities: Mapped[list[ChannelIdentity]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )


class ChannelIdentity(Base):
    """How a candidate is reached on one channel (phone number, chat id...)."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="identities")


class Conversation(Base):
    """One sender's conversation; its state is the fold of its events."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    events: Mapped[list[ConversationEvent]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ConversationEvent.seq",
    )


class ConversationEvent(Base):
    """One event of the log: a user message, a bot message, a slot set..."""

    __tablename__ = "conversation_events"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        # A channel message id is stored once: a webhook delivered twice is dropped.
        UniqueConstraint("conversation_id", "message_id"),
        Index("ix_conversation_events_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    type_name: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(32))
    intent: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)

    conversation: Mapped[Conversation] = relationship(back_populates="events")


class OutboxMessage(Base):
    """A message to send later: retried until sent, never sent twice."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    dedupe_key: Mapped[str | None] = mapped_column(String(191), unique=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InboxMessage(Base):
    """A message received and not yet answered: the write-ahead log of the turns.

    A row is written before the turn starts and deleted in the transaction that
    stores the turn, so a row outliving its turn is a message that a crash left
    unanswered; the worker answers it (bot.worker). A message whose turn failed
    twice stays as a tombstone (status "dead", no text: a redelivery is not run
    again); its text and the reason are in `dead_letters`.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("sender_id", "message_id"),
        Index("ix_inbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="received")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: when the worker may take it: received_at + the grace period, then after each lease.
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: turns of this message that failed, overran their budget or were cut (a crash).
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: set while a turn of this message runs; still set when the next turn starts, the
    #: previous one died without a word (a killed or frozen process): a failure.
    running_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeadLetter(Base):
    """A message set aside: its turn failed (or overran its budget, or was cut) twice.

    Never replayed on its own; the person got an apology (`apologised`); a
    counsellor administrator retries or discards it from the console.
    """

    __tablename__ = "dead_letters"
    __table_args__ = (UniqueConstraint("sender_id", "message_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    #: why the last turn failed: the exception's type, "budget" or "interrupted".
    reason: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    set_aside_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    apologised: Mapped[bool] = mapped_column(Boolean, default=False)
