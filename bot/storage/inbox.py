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
        max_attempts: int = 3,
    ) -> None:
        self._sessions = sessions
        #: how long a message may stay in flight before the worker takes it.
        self.grace = grace
        #: after that many recoveries a message is set aside ("failed"), not retried.
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

    def depth(self) -> int:
        """Messages waiting for an answer, those set aside included."""
        with self._sessions() as session:
            return session.scalar(select(func.count(InboxMessage.id))) or 0
