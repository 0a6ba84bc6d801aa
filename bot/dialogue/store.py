"""Tracker store: a conversation's events in the database, appended turn by turn.

The store keeps the trackers it read (the fold of their stored events, up to
`cache_events` events in all, least recently read first out): the next read of a
conversation fetches and folds only the events stored since, so a turn costs the
same at the 100th message as at the first (the whole conversation was read and
replayed every turn: about 10 ms at 100 turns). Whatever wrote them (this process,
another node, the worker), the new events are read from the database; a
conversation erased or re-created meanwhile is noticed (its last known event is no
longer there) and read whole again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, insert, select, update
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

T = TypeVar("T")

#: the tables themselves, for plain Core statements (no ORM bookkeeping)
_EVENTS = cast(Table, ConversationEvent.__table__)
_CONVERSATIONS = cast(Table, Conversation.__table__)
_INBOX = cast(Table, InboxMessage.__table__)

# A turn's statements, built once with bound parameters and run on the session's
# connection: building a statement and going through the ORM's execute cost more CPU
# per turn than the database did (coercions, cache keys, ORM compile state).
_EVENTS_OF = (
    select(_EVENTS.c.conversation_id, _EVENTS.c.seq, _EVENTS.c.data)
    .join(_CONVERSATIONS, _EVENTS.c.conversation_id == _CONVERSATIONS.c.id)
    .where(_CONVERSATIONS.c.sender_id == bindparam("sender_id"))
    .order_by(_EVENTS.c.seq)
)
#: from a known event on (that one included: it proves the conversation is the same)
_EVENTS_SINCE = _EVENTS_OF.where(_EVENTS.c.seq >= bindparam("seq"))
#: the conversation and how many events it has, in one statement
_CONVERSATION_OF = select(
    _CONVERSATIONS.c.id,
    _CONVERSATIONS.c.channel,
    select(func.count(_EVENTS.c.id))
    .where(_EVENTS.c.conversation_id == _CONVERSATIONS.c.id)
    .scalar_subquery()
    .label("events"),
).where(_CONVERSATIONS.c.sender_id == bindparam("sender_id"))
_NEW_CONVERSATION = insert(_CONVERSATIONS)
_SET_CHANNEL = (
    update(_CONVERSATIONS)
    .where(_CONVERSATIONS.c.id == bindparam("conversation_id"))
    .values(channel=bindparam("channel"))
)
_INSERT_EVENTS = insert(_EVENTS)
#: one row per answered message (a turn answers one): an expanding IN was rendered again
#: on every execution
_ANSWERED = delete(_INBOX).where(
    _INBOX.c.sender_id == bindparam("sender_id"),
    _INBOX.c.message_id == bindparam("message_id"),
)


class DuplicateMessage(StorageError):
    """A channel message id was already stored for this conversation."""


@dataclass
class _Known:
    """A conversation as last read: never handed out (its copies are)."""

    conversation_id: int
    tracker: Tracker

    def continued_by(self, rows: Sequence[Any]) -> bool:
        """True when `rows` (read from the last known event on) start with that event."""
        if not rows:
            return False
        first, last = rows[0], self.tracker.events[-1]
        return bool(
            first.conversation_id == self.conversation_id
            and first.seq == len(self.tracker.events) - 1
            and first.data.get("event") == last.type_name
            and first.data.get("timestamp") == last.timestamp
        )


class TrackerStore:
    """Reads and appends conversation events. Callers hold the sender's lock."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        slot_names: Sequence[str],
        *,
        cache_events: int = 10_000,
    ) -> None:
        self._sessions = sessions
        self._slot_names = tuple(slot_names)
        self._cache_events = cache_events
        self._known: OrderedDict[str, _Known] = OrderedDict()
        self._known_events = 0
        self._known_lock = threading.Lock()
        bind = sessions.kw.get("bind")
        self._engine: Engine | None = bind if isinstance(bind, Engine) else None

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A connection in a transaction, committed on exit: the engine's own, the same
        SQL without an ORM session around it (its bookkeeping was about 70 µs of CPU a
        transaction, two a turn; the store runs Core statements only)."""
        if self._engine is None:
            with self._sessions.begin() as session:
                yield session.connection()
            return
        with self._engine.begin() as connection:
            yield connection

    def retrieve(self, sender_id: str) -> Tracker:
        """The sender's tracker; an empty one for an unknown sender."""
        with self._sessions() as session:
            return self._read(session.connection(), sender_id)

    def retrieve_then(
        self, sender_id: str, then: Callable[[Connection, Tracker], T]
    ) -> tuple[Tracker, T]:
        """The sender's tracker, and what `then` writes once it has seen it, in one
        transaction (a turn's start: the tracker read and the message written down)."""
        with self._transaction() as connection:
            tracker = self._read(connection, sender_id)
            return tracker, then(connection, tracker)

    def _read(self, connection: Connection, sender_id: str) -> Tracker:
        known = self._take(sender_id)
        if known is not None:
            since = {"sender_id": sender_id, "seq": len(known.tracker.events) - 1}
            rows = connection.execute(_EVENTS_SINCE, since).all()
            if known.continued_by(rows):
                for row in rows[1:]:
                    known.tracker.update(event_from_dict(row.data))
            else:
                known = None
        if known is None:
            rows = connection.execute(_EVENTS_OF, {"sender_id": sender_id}).all()
            if not rows:
                return Tracker(sender_id, self._slot_names)
            events = (event_from_dict(row.data) for row in rows)
            tracker = Tracker.from_events(sender_id, events, self._slot_names)
            known = _Known(rows[0].conversation_id, tracker)
        self._keep(sender_id, known)
        return known.tracker.copy()

    def _take(self, sender_id: str) -> _Known | None:
        with self._known_lock:
            known = self._known.pop(sender_id, None)
            if known is not None:
                self._known_events -= len(known.tracker.events)
            return known

    def _keep(self, sender_id: str, known: _Known) -> None:
        with self._known_lock:
            previous = self._known.pop(sender_id, None)  # read meanwhile by another thread
            if previous is not None:
                self._known_events -= len(previous.tracker.events)
            self._known[sender_id] = known
            self._known_events += len(known.tracker.events)
            while self._known_events > self._cache_events and self._known:
                _sender, oldest = self._known.popitem(last=False)
                self._known_events -= len(oldest.tracker.events)

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
            with self._transaction() as connection:
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
                    start = known.events or 0
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
                    connection.execute(
                        _ANSWERED, [{"sender_id": sender_id, "message_id": m} for m in answered]
                    )
        except IntegrityError as exc:
            if "message_id" in str(exc.orig):
                raise DuplicateMessage(f"message already stored for {sender_id}") from exc
            raise StorageError(f"could not store events of {sender_id}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"could not store events of {sender_id}: {exc}") from exc
