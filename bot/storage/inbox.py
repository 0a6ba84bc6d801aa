"""Inbox: every message is written down before its turn starts.

`TrackerStore.append` deletes a message's row in the transaction that stores its
turn, so the rows here are the messages in flight, plus those a crash left
unanswered. The worker claims the latter once they are older than a grace
period (`claim_stale`) and answers them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.claims import claim_due, insert_once
from bot.storage.models import InboxMessage, utcnow

__all__ = ["Inbox", "InboxItem"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    sender_id: str
    channel: str
    message_id: str
    text: str
    attempts: int


class Inbox:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        grace: timedelta = timedelta(seconds=60),
        max_attempts: int = 1,
    ) -> None:
        self._sessions = sessions
        #: how long a message may stay in flight before the worker takes it.
        self.grace = grace
        #: after that many recoveries a message is set aside ("failed"), not retried: with
        #: 1, a message whose turn failed (or overran its budget) twice is a dead letter.
        self.max_attempts = max_attempts

    def receive(self, sender_id: str, channel: str, message_id: str, text: str) -> bool:
        """Write the message down; False when it is already there (a redelivery)."""
        now = utcnow()
        return insert_once(
            self._sessions,
            InboxMessage(
                sender_id=sender_id,
                channel=channel,
                message_id=message_id,
                text=text,
                received_at=now,
                next_attempt_at=now + self.grace,
            ),
        )

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

    def _take(self, row: InboxMessage) -> InboxItem | None:
        if row.attempts > self.max_attempts:
            # A message that failed every turn: kept for a human, never retried.
            row.status = "failed"
            log.error("inbox message %s of %s set aside", row.message_id, row.sender_id)
            return None
        return InboxItem(row.id, row.sender_id, row.channel, row.message_id, row.text, row.attempts)

    def set_aside(self, limit: int = 50) -> list[InboxItem]:
        """Messages set aside since the last call, each returned once (to answer them with
        an apology); they stay as dead letters ("dead") for a human to look at."""
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(InboxMessage)
                .where(InboxMessage.status == "failed")
                .order_by(InboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.status = "dead"
            return [
                InboxItem(r.id, r.sender_id, r.channel, r.message_id, r.text, r.attempts)
                for r in rows
            ]

    def dead_letters(self) -> int:
        """Messages set aside: their turn failed every time."""
        with self._sessions() as session:
            count = session.scalar(
                select(func.count(InboxMessage.id)).where(
                    InboxMessage.status.in_(("failed", "dead"))
                )
            )
            return count or 0

    def depth(self) -> int:
        """Messages waiting for an answer, those set aside included."""
        with self._sessions() as session:
            return session.scalar(select(func.count(InboxMessage.id))) or 0
