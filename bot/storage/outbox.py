"""Outbox: messages to send later, claimed by one worker at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.claims import claim_due, insert_once, retry_later
from bot.storage.models import OutboxMessage, utcnow

__all__ = ["Outbox", "OutboxItem"]


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    sender_id: str
    channel: str
    payload: dict[str, Any]
    attempts: int


class Outbox:
    def __init__(self, sessions: sessionmaker[Session], max_attempts: int = 8) -> None:
        self._sessions = sessions
        self.max_attempts = max_attempts

    def put(
        self,
        sender_id: str,
        channel: str,
        payload: dict[str, Any],
        *,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> bool:
        """Queue a message; False when `dedupe_key` was already queued."""
        return insert_once(
            self._sessions,
            OutboxMessage(
                sender_id=sender_id,
                channel=channel,
                payload=payload,
                dedupe_key=dedupe_key,
                next_attempt_at=not_before or utcnow(),
            ),
        )

    def claim_due(
        self, limit: int = 20, lease: timedelta = timedelta(minutes=2)
    ) -> list[OutboxItem]:
        """Take due messages; a claimed message is invisible to other workers for `lease`."""
        return claim_due(
            self._sessions,
            OutboxMessage,
            OutboxMessage.status == "pending",
            lambda r: OutboxItem(r.id, r.sender_id, r.channel, r.payload, r.attempts),
            now=utcnow(),
            lease=lease,
            limit=limit,
        )

    def mark_sent(self, item_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item_id)
                .values(status="sent", sent_at=utcnow(), last_error=None)
            )

    def mark_failed(self, item_id: int, error: str) -> None:
        """Retry later with exponential backoff (5 s → 1 h), or give up after max_attempts."""
        retry_later(
            self._sessions,
            OutboxMessage,
            item_id,
            error,
            max_attempts=self.max_attempts,
            first_delay_s=5,
            max_delay_s=3600,
            now=utcnow(),
        )

    def mark_dropped(self, item_id: int, reason: str) -> None:
        """Never to be sent (the person opted out, the number is invalid...)."""
        with self._sessions.begin() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item_id)
                .values(status="dropped", last_error=reason[:2000])
            )

    def depth(self) -> int:
        with self._sessions() as session:
            count = session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
            )
        return count or 0
