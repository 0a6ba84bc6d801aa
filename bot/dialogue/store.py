"""Tracker store: a conversation's events in the database, appended turn by turn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.events import Event, UserUttered, event_from_dict
from bot.dialogue.tracker import Tracker
from bot.errors import StorageError
from bot.storage.models import (
    Conversation,
    ConversationEvent,
    InboxMessage,
)

__all__ = ["DuplicateMessage", "TrackerStore"]

#: the tables themselves, for plain Core inserts (no ORM bulk-insert bookkeeping)
_EVENTS = cast(Table, ConversationEvent.__table__)
_CONVERSATIONS = cast(Table, Conversation.__table__)


class DuplicateMessage(StorageError):
    """A channel message id was already stored for this conversation."""


class TrackerStore:
    """Reads and appends conversation events. Callers hold the sender's lock."""

    def __init__(self, sessions: sessionmaker[Session], slot_names: Sequence[str]) -> None:
        self._sessions = sessions
        self._slot_names = tuple(slot_names)

    def retrieve(self, sender_id: str) -> Tracker:
        """The sender's tracker; an empty one for an unknown sender."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ConversationEvent.data)
                .join(Conversation)
                .where(Conversation.sender_id == sender_id)
                .order_by(ConversationEvent.seq)
            ).all()
        return Tracker.from_events(sender_id, map(event_from_dict, rows), self._slot_names)

    def exists(self, sender_id: str) -> bool:
        with self._sessions() as session:
            found = session.scalar(
                select(Conversation.id).where(Conversation.sender_id == sender_id)
            )
        return found is not None

    def append(self, sender_id: str, channel: str, events: Sequence[Event]) -> None:
        """Append events after those already stored, in one transaction.

        The inbox rows of the user messages stored here go in the same
        transaction: a message is either waiting in the inbox or answered.
        """
        if not events:
            return
        answered = [e.message_id for e in events if isinstance(e, UserUttered) and e.message_id]
        try:
            with self._sessions.begin() as session:
                # Core statements, not the ORM's unit of work: a turn's events are one
                # multi-row insert (the ORM emitted one statement per event and spent
                # more CPU on its bookkeeping than the turn's SQL cost)
                known = session.execute(
                    select(Conversation.id, Conversation.channel).where(
                        Conversation.sender_id == sender_id
                    )
                ).first()
                if known is None:
                    created = session.connection().execute(
                        insert(_CONVERSATIONS).values(sender_id=sender_id, channel=channel)
                    )
                    assert created.inserted_primary_key is not None
                    conversation_id = created.inserted_primary_key[0]
                    start = 0
                else:
                    conversation_id = known.id
                    if known.channel != channel:
                        session.execute(
                            update(Conversation)
                            .where(Conversation.id == conversation_id)
                            .values(channel=channel)
                        )
                    start = (
                        session.scalar(
                            select(func.count(ConversationEvent.id)).where(
                                ConversationEvent.conversation_id == conversation_id
                            )
                        )
                        or 0
                    )
                rows = []
                for offset, event in enumerate(events):
                    user = event if isinstance(event, UserUttered) else None
                    rows.append(
                        {
                            "conversation_id": conversation_id,
                            "seq": start + offset,
                            "type_name": event.type_name,
                            "channel": user.channel if user else channel,
                            "intent": user.intent_name if user else None,
                            "message_id": user.message_id if user else None,
                            "data": event.as_dict(),
                        }
                    )
                session.execute(insert(_EVENTS), rows)
                if answered:
                    session.execute(
                        delete(InboxMessage).where(
                            InboxMessage.sender_id == sender_id,
                            InboxMessage.message_id.in_(answered),
                        )
                    )
        except IntegrityError as exc:
            if "message_id" in str(exc.orig):
                raise DuplicateMessage(f"message already stored for {sender_id}") from exc
            raise StorageError(f"could not store events of {sender_id}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"could not store events of {sender_id}: {exc}") from exc
