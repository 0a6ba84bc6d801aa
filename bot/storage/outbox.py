"""Outbox: messages to send later, claimed by one worker at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.storage.claims import WorkQueue, insert_once
from bot.storage.models import OutboxMessage, utcnow

__all__ = ["Outbox", "OutboxItem"]


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    sender_id: str
    channel: str
    payload: dict[str, Any]
    attempts: int


class Outbox(WorkQueue[OutboxItem]):
    table = OutboxMessage
    first_delay_s = 5
    max_delay_s = 3600

    def __init__(self, sessions: sessionmaker[Session], max_attempts: int = 8) -> None:
        super().__init__(sessions, max_attempts)

    def item(self, row: OutboxMessage) -> OutboxItem:
        return OutboxItem(row.id, row.sender_id, row.channel, row.payload, row.attempts)

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

    def mark_sent(self, item_id: int) -> None:
        self._set(item_id, status="sent", sent_at=utcnow(), last_error=None)

    def mark_failed(self, item_id: int, error: str) -> None:
        """Retry later with exponential backoff (5 s → 1 h), or give up after max_attempts."""
        self.retry(item_id, error)

    def mark_dropped(self, item_id: int, reason: str) -> None:
        """Never to be sent (the person opted out, the number is invalid...)."""
        self._set(item_id, status="dropped", last_error=reason[:2000])
