"""Inbox: every message is written down before its turn starts.

`TrackerStore.append` deletes a message's row in the transaction that stores its
turn, so the rows here are the messages in flight, plus those a crash left
unanswered. The worker claims the latter once they are older than a grace
period (`claim_stale`) and answers them.

Poison messages: what counts is a turn that failed, not a claim. A turn fails
when it raises, when it overruns the worker's budget, or when it dies without a
word (a killed or frozen process: its `running_since` mark is still there when
the next turn of the message starts). A message whose turns failed
`max_failures` times is set aside: moved to `dead_letters` (its text, the
reason), answered with an apology once, never replayed on its own. A message
that only waited (behind its sender's lock, or claimed by a worker that was
killed before its turn began) is never set aside.
"""

from __future__ import annotations

import enum
import functools
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Connection, Insert, Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.claims import claim_due
from bot.storage.models import DeadLetter, InboxMessage, utcnow

__all__ = ["DeadLetterView", "Inbox", "InboxItem", "TurnStart"]

log = logging.getLogger(__name__)

_INBOX = cast(Table, InboxMessage.__table__)


def _insert_new(connection: Connection, row: dict[str, object]) -> bool:
    """Inserts the row unless it is there already (True when inserted): a plain Core
    insert that skips a conflict instead of raising, so that a redelivery does not
    abort the transaction it shares with the tracker read (PostgreSQL would)."""
    inserted = connection.execute(_skipping_insert(connection.dialect.name), row)
    return inserted.first() is not None


@functools.cache
def _skipping_insert(dialect: str) -> Insert:
    """Built once per dialect: on every turn (building it cost more CPU than running it);
    PostgreSQL's dialect module is imported only where it is used (the other database
    is SQLite)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(_INBOX).on_conflict_do_nothing().returning(_INBOX.c.id)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(_INBOX).on_conflict_do_nothing().returning(_INBOX.c.id)


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    sender_id: str
    channel: str
    message_id: str
    text: str
    attempts: int


@dataclass(frozen=True, slots=True)
class DeadLetterView:
    id: int
    sender_id: str
    channel: str
    message_id: str
    text: str
    reason: str
    failures: int
    received_at: datetime
    set_aside_at: datetime


class TurnStart(enum.Enum):
    RUN = "run"  # the turn may run
    SET_ASIDE = "set_aside"  # the message is a dead letter (now or before): do not run it
    GONE = "gone"  # no row (a recovered message erased or answered meanwhile)


class Inbox:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        grace: timedelta = timedelta(seconds=60),
        max_failures: int = 2,
    ) -> None:
        self._sessions = sessions
        #: how long a message may stay in flight before the worker takes it.
        self.grace = grace
        #: a message whose turns failed that many times is set aside.
        self.max_failures = max_failures

    def receive(
        self,
        sender_id: str,
        channel: str,
        message_id: str,
        text: str,
        connection: Connection | None = None,
    ) -> bool:
        """Write the message down as its turn starts; False when it is already there (a
        redelivery, a message the worker recovers). On `connection`: in its transaction
        (the turn's start, with the tracker read), committed by its owner."""
        now = utcnow()
        row = {
            "sender_id": sender_id,
            "channel": channel,
            "message_id": message_id,
            "text": text,
            "received_at": now,
            "next_attempt_at": now + self.grace,
            "running_since": now,
        }
        if connection is not None:
            return _insert_new(connection, row)
        with self._sessions.begin() as session:
            return _insert_new(session.connection(), row)

    def resume(self, sender_id: str, message_id: str) -> TurnStart:
        """A turn starts for a message already written down: a redelivery, a recovery.

        Its previous turn, if it is still marked running, died without a word (the
        sender's lock guarantees it is not running now): a failure.
        """
        with self._sessions.begin() as session:
            row = self._row(session, sender_id, message_id)
            if row is None:
                return TurnStart.GONE
            if row.status != "received":
                return TurnStart.SET_ASIDE
            if row.running_since is not None:
                row.failures += 1
                log.error("inbox message %s: its last turn was cut", message_id)
                if row.failures >= self.max_failures:
                    self._set_aside(session, row, "interrupted")
                    return TurnStart.SET_ASIDE
            row.running_since = utcnow()
            return TurnStart.RUN

    def failed(self, sender_id: str, message_id: str, reason: str) -> bool:
        """A turn of this message failed (raised, overran its budget); True when the
        message is now set aside."""
        with self._sessions.begin() as session:
            row = self._row(session, sender_id, message_id)
            if row is None or row.status != "received":
                return False
            row.failures += 1
            row.running_since = None
            if row.failures >= self.max_failures:
                self._set_aside(session, row, reason)
                return True
            return False

    @staticmethod
    def _row(session: Session, sender_id: str, message_id: str) -> InboxMessage | None:
        return session.scalar(
            select(InboxMessage)
            .where(InboxMessage.sender_id == sender_id, InboxMessage.message_id == message_id)
            .with_for_update()
        )

    def _set_aside(self, session: Session, row: InboxMessage, reason: str) -> None:
        session.add(
            DeadLetter(
                sender_id=row.sender_id,
                channel=row.channel,
                message_id=row.message_id,
                text=row.text,
                reason=reason[:200],
                failures=row.failures,
                received_at=row.received_at,
                set_aside_at=utcnow(),
                apologised=False,
            )
        )
        # a tombstone: the same message delivered again is not run again
        row.status = "dead"
        row.text = ""
        row.running_since = None
        log.error("inbox message %s set aside after %s failures", row.message_id, row.failures)

    def claim_stale(
        self, limit: int = 50, lease: timedelta = timedelta(minutes=2)
    ) -> list[InboxItem]:
        """Messages left unanswered past the grace period, each to one worker for `lease`."""
        return claim_due(
            self._sessions,
            InboxMessage,
            InboxMessage.status == "received",
            self._take,
            now=utcnow(),
            lease=lease,
            limit=limit,
        )

    @staticmethod
    def _take(row: InboxMessage) -> InboxItem:
        return InboxItem(row.id, row.sender_id, row.channel, row.message_id, row.text, row.attempts)

    def set_aside(self, limit: int = 50) -> list[InboxItem]:
        """Dead letters not yet apologised for, each returned once (to answer them with an
        apology); they stay for a human to look at."""
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(DeadLetter)
                .where(DeadLetter.apologised.is_(False))
                .order_by(DeadLetter.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.apologised = True
            return [
                InboxItem(r.id, r.sender_id, r.channel, r.message_id, r.text, r.failures)
                for r in rows
            ]

    def dead_letters(self) -> int:
        """Messages set aside and not yet retried or discarded."""
        with self._sessions() as session:
            return session.scalar(select(func.count(DeadLetter.id))) or 0

    def list_dead(self, limit: int = 200) -> list[DeadLetterView]:
        """The dead letters, newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(DeadLetter)
                .order_by(DeadLetter.set_aside_at.desc(), DeadLetter.id.desc())
                .limit(limit)
            ).all()
            return [self._view(r) for r in rows]

    def retry(self, dead_id: int) -> DeadLetterView | None:
        """The dead letter goes back to the inbox, due now: the worker answers it (its
        reply pushed on the person's channel). None when it is gone."""
        with self._sessions.begin() as session:
            dead = session.get(DeadLetter, dead_id, with_for_update=True)
            if dead is None:
                return None
            view = self._view(dead)
            row = self._row(session, dead.sender_id, dead.message_id)
            now = utcnow()
            if row is None:
                row = InboxMessage(
                    sender_id=dead.sender_id,
                    channel=dead.channel,
                    message_id=dead.message_id,
                    received_at=dead.received_at,
                    attempts=0,
                )
                session.add(row)
            row.text = dead.text
            row.status = "received"
            row.failures = 0
            row.running_since = None
            row.next_attempt_at = now
            session.delete(dead)
            return view

    def discard(self, dead_id: int) -> DeadLetterView | None:
        """The dead letter is deleted (the tombstone stays: it is not run if redelivered)."""
        with self._sessions.begin() as session:
            dead = session.get(DeadLetter, dead_id, with_for_update=True)
            if dead is None:
                return None
            view = self._view(dead)
            session.delete(dead)
            return view

    @staticmethod
    def _view(r: DeadLetter) -> DeadLetterView:
        return DeadLetterView(
            r.id,
            r.sender_id,
            r.channel,
            r.message_id,
            r.text,
            r.reason,
            r.failures,
            r.received_at,
            r.set_aside_at,
        )

    def depth(self) -> int:
        """Messages waiting for an answer (not those set aside)."""
        with self._sessions() as session:
            return (
                session.scalar(
                    select(func.count(InboxMessage.id)).where(InboxMessage.status == "received")
                )
                or 0
            )
