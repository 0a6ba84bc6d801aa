"""Tables of the human handoff, on the assistant's `Base` (one metadata).

A handoff belongs to a conversation and goes with it: erasing the
conversation (RGPD) deletes its handoffs and notes (ON DELETE CASCADE).
Migration: storage/migrations/versions/0003_handoff_console.py. Change both together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId, JSONType, UTCDateTime, utcnow

__all__ = ["ACTIVE_STATES", "Handoff", "HandoffNote"]

#: open: awaiting a counsellor; taken: held by one. Then handed_back or closed.
ACTIVE_STATES = ("open", "taken")


class Handoff(Base):
    """A conversation put in a counsellor team's queue."""

    __tablename__ = "handoffs"
    __table_args__ = (
        # one active handoff per conversation: a second request finds the first
        Index(
            "uq_handoffs_active_sender",
            "sender_id",
            unique=True,
            sqlite_where=text("state IN ('open', 'taken')"),
            postgresql_where=text("state IN ('open', 'taken')"),
        ),
        Index("ix_handoffs_team_state", "team", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(32))
    #: the person's département (tracker slot), when known
    departement: Mapped[str | None] = mapped_column(String(3))
    #: who handles it: a platform's département code, or the default team ("national")
    team: Mapped[str] = mapped_column(String(16))
    #: asked, fallback, immersion, sensitive
    reason: Mapped[str] = mapped_column(String(16))
    #: for reason "sensitive": distress, violence, harassment, disability...
    topic: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="open")
    #: the qualification profile when the handoff was opened
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expected_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    taken_by: Mapped[int | None] = mapped_column(Integer)
    taken_by_name: Mapped[str | None] = mapped_column(String(80))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_name: Mapped[str | None] = mapped_column(String(80))

    def wait_seconds(self, now: datetime) -> float:
        """How long the person waited (or has been waiting) for a counsellor."""
        return ((self.taken_at or self.closed_at or now) - self.created_at).total_seconds()


class HandoffNote(Base):
    """A counsellor's private note on a conversation; never shown to the person."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(Integer)
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
