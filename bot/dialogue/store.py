"""Tracker store: a conversation's events in the database, appended turn by turn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
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

#: the tables themselves, for plain Core statements (no ORM bookkeeping)
_EVENTS = cast(Table, ConversationEvent.__table__)
_CONVERSATIONS = cast(Table, Conversation.__table__)
_INBOX = cast(Table, InboxMessage.__table__)

# A turn's statements, built once with bound parameters and run on the session's
# connection: building a statement and going through the ORM's execute cost more CPU
# per turn than the database did (coercions, cache keys, ORM compile state).
_EVENTS_OF = (
    select(_EVENTS.c.data)
    .join(_CONVERSATIONS, _EVENTS.c.conversation_id == _CONVERSATIONS.c.id)
    .where(_CONVERSATIONS.c.sender_id == bindparam("sender_id"))
    .order_by(_EVENTS.c.seq)
)
_CONVERSATION_OF = select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.channel).where(
    _CONVERSATIONS.c.sender_id == bindparam("sender_id")
)
_NEW_CONVERSATION = insert(_CONVERSATIONS)
_SET_CHANNEL = (
    update(_CONVERSATIONS)
    .where(_CONVERSATIONS.c.id == bindparam("conversation_id"))
    .values(channel=bindparam("channel"))
)
_EVENT_COUNT = select(func.count(_EVENTS.c.id)).where(
    _EVENTS.c.conversation_id == bindparam("conversation_id")
)
_INSERT_EVENTS = insert(_EVENTS)
_ANSWERED = delete(_INBOX).where(
    _INBOX.c.sender_id == bindparam("sender_id"),
    _INBOX.c.message_id.in_(bindparam("answered", expanding=True)),
)


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
            result = session.connection().execute(_EVENTS_OF, {"sender_id": sender_id})
            rows = result.scalars().all()
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
                connection = session.connection()
                known = connection.execute(_CONVERSATION_OF, {"sender_id": sender_id}).first()
                if known is None:
                    created = connection.execute(
                        _NEW_CONVERSATION, {"sender_id": sender_id, "channel": channel}
                    )
                    assert created.inserted_primary_key is not None
                    conversation_id = created.inserted_primary_key[0]
                    start = 0
                else:
                    conversation_id = known.id
                    if known.channel != channel:
                        connection.execute(
                            _SET_CHANNEL, {"conversation_id": conversation_id, "channel": channel}
                        )
                    ids = {"conversation_id": conversation_id}
                    start = connection.execute(_EVENT_COUNT, ids).scalar() or 0
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
                connection.execute(_INSERT_EVENTS, rows)
                if answered:
                    connection.execute(_ANSWERED, {"sender_id": sender_id, "answered": answered})
        except IntegrityError as exc:
            if "message_id" in str(exc.orig):
                raise DuplicateMessage(f"message already stored for {sender_id}") from exc
            raise StorageError(f"could not store events of {sender_id}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"could not store events of {sender_id}: {exc}") from exc
