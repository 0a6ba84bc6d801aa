"""Handoff rows in the database: open idempotently, take once, finish, notes.

Synchronous (SQLAlchemy sessions); the async service calls it in a thread.
Every read used by the console takes the team, so that scoping is in the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.tables import ACTIVE_STATES, Handoff, HandoffNote
from bot.storage.models import Conversation, utcnow
from sqlkit.db import select_all

__all__ = ["HandoffStore", "NewHandoff"]

URGENCY = {"sensitive": 3, "immersion": 2, "fallback": 1, "asked": 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class NewHandoff:
    """What `HandoffStore.open` needs to know: the new row's own columns."""

    sender_id: str
    channel: str
    departement: str | None
    team: str
    reason: str
    topic: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    expected_answer_at: datetime | None = None


class HandoffStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- the bot's side ---

    def open(self, new: NewHandoff) -> tuple[Handoff, bool]:
        """(the active handoff, True if created now). A second request finds the
        first; a more urgent reason (a sensitive topic) upgrades it."""
        for _attempt in range(3):
            try:
                with self._sessions.begin() as session:
                    current = self._active(session, new.sender_id)
                    if current is not None:
                        if URGENCY.get(new.reason, 0) > URGENCY.get(current.reason, 0):
                            current.reason, current.topic = new.reason, new.topic
                        return current, False
                    handoff = Handoff(
                        **asdict(new),
                        conversation_id=self._conversation_id(session, new),
                        state="open",
                        created_at=utcnow(),
                    )
                    session.add(handoff)
                    session.flush()
                    return handoff, True
            except IntegrityError:  # opened at the same time elsewhere: read it
                continue
        raise RuntimeError(f"could not open a handoff for {new.sender_id}")

    @staticmethod
    def _conversation_id(session: Session, new: NewHandoff) -> int:
        """The conversation's row, created now for a first message (the turn's
        events are appended to it afterwards, under the same lock)."""
        found = session.scalar(
            select(Conversation.id).where(Conversation.sender_id == new.sender_id)
        )
        if found is not None:
            return found
        conversation = Conversation(sender_id=new.sender_id, channel=new.channel)
        session.add(conversation)
        session.flush()
        return conversation.id

    @staticmethod
    def _active(session: Session, sender_id: str) -> Handoff | None:
        return session.scalar(
            select(Handoff).where(Handoff.sender_id == sender_id, Handoff.state.in_(ACTIVE_STATES))
        )

    def active(self, sender_id: str) -> Handoff | None:
        with self._sessions() as session:
            return self._active(session, sender_id)

    def latest(self, sender_id: str) -> Handoff | None:
        with self._sessions() as session:
            return session.scalar(
                select(Handoff)
                .where(Handoff.sender_id == sender_id)
                .order_by(Handoff.created_at.desc(), Handoff.id.desc())
                .limit(1)
            )

    def list_by_state(self, state: str) -> list[Handoff]:
        """Every team's handoffs in a state (admin API), oldest first."""
        return select_all(
            self._sessions,
            select(Handoff).where(Handoff.state == state).order_by(Handoff.created_at),
        )

    # --- the console's side: every read is scoped to a team ---

    def queue(self, team: str, states: Sequence[str] = ACTIVE_STATES) -> list[Handoff]:
        """The team's handoffs in these states, longest wait first."""
        return select_all(
            self._sessions,
            select(Handoff)
            .where(Handoff.team == team, Handoff.state.in_(states))
            .order_by(Handoff.created_at, Handoff.id),
        )

    def recent_closed(self, team: str, since: datetime, limit: int = 20) -> list[Handoff]:
        return select_all(
            self._sessions,
            select(Handoff)
            .where(
                Handoff.team == team,
                Handoff.state.not_in(ACTIVE_STATES),
                Handoff.closed_at >= since,
            )
            .order_by(Handoff.closed_at.desc())
            .limit(limit),
        )

    def count_open(self, team: str) -> int:
        with self._sessions() as session:
            count = session.scalar(
                select(func.count(Handoff.id)).where(Handoff.team == team, Handoff.state == "open")
            )
        return count or 0

    def for_conversation(self, conversation_id: int, team: str) -> Handoff | None:
        """The conversation's latest handoff, if it is this team's (else None: 404)."""
        with self._sessions() as session:
            latest = session.scalar(
                select(Handoff)
                .where(Handoff.conversation_id == conversation_id)
                .order_by(Handoff.created_at.desc(), Handoff.id.desc())
                .limit(1)
            )
        return latest if latest is not None and latest.team == team else None

    def take(self, handoff_id: int, counsellor_id: int, name: str) -> tuple[bool, Handoff | None]:
        """Compare-and-set open → taken: exactly one counsellor wins."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(Handoff)
                .where(Handoff.id == handoff_id, Handoff.state == "open")
                .values(
                    state="taken", taken_at=utcnow(), taken_by=counsellor_id, taken_by_name=name
                )
                .execution_options(synchronize_session=False)
            )
            won = result.rowcount == 1  # type: ignore[attr-defined]
            return won, session.get(Handoff, handoff_id, populate_existing=True)

    def assign(
        self, handoff_id: int, to_id: int, to_name: str, *, held_by: int | None = None
    ) -> tuple[bool, bool]:
        """Active → taken by `to_id` (a colleague). `held_by`: only if open or held by
        them. (done, was open)."""
        condition = [Handoff.id == handoff_id, Handoff.state.in_(ACTIVE_STATES)]
        if held_by is not None:
            condition.append((Handoff.state == "open") | (Handoff.taken_by == held_by))
        with self._sessions.begin() as session:
            current = session.get(Handoff, handoff_id)
            was_open = current is not None and current.state == "open"
            result = session.execute(
                update(Handoff)
                .where(*condition)
                .values(state="taken", taken_at=utcnow(), taken_by=to_id, taken_by_name=to_name)
                .execution_options(synchronize_session=False)
            )
        return result.rowcount == 1, was_open  # type: ignore[attr-defined]

    def finish(
        self, handoff_id: int, state: str, by_name: str, *, held_by: int | None = None
    ) -> bool:
        """Active → handed_back | closed. `held_by`: only if open or held by them."""
        condition = [Handoff.id == handoff_id, Handoff.state.in_(ACTIVE_STATES)]
        if held_by is not None:
            condition.append((Handoff.state == "open") | (Handoff.taken_by == held_by))
        with self._sessions.begin() as session:
            result = session.execute(
                update(Handoff)
                .where(*condition)
                .values(state=state, closed_at=utcnow(), closed_by_name=by_name)
                .execution_options(synchronize_session=False)
            )
        return result.rowcount == 1  # type: ignore[attr-defined]

    def get(self, handoff_id: int) -> Handoff | None:
        with self._sessions() as session:
            return session.get(Handoff, handoff_id)

    # --- notes ---

    def add_note(
        self, conversation_id: int, team: str, author_id: int | None, author: str, text: str
    ) -> None:
        with self._sessions.begin() as session:
            session.add(
                HandoffNote(
                    conversation_id=conversation_id,
                    team=team,
                    author_id=author_id,
                    author_name=author,
                    text=text,
                    created_at=utcnow(),
                )
            )

    def notes(self, conversation_id: int, team: str) -> list[HandoffNote]:
        return select_all(
            self._sessions,
            select(HandoffNote)
            .where(HandoffNote.conversation_id == conversation_id, HandoffNote.team == team)
            .order_by(HandoffNote.created_at, HandoffNote.id),
        )

    def conversation_sender(self, conversation_id: int) -> tuple[str, str] | None:
        """(sender_id, channel) of a conversation row."""
        with self._sessions() as session:
            row = session.execute(
                select(Conversation.sender_id, Conversation.channel).where(
                    Conversation.id == conversation_id
                )
            ).first()
        return (row[0], row[1]) if row else None
