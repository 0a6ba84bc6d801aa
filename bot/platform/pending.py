"""Bookings asked while the platform was down: queued, retried, never lost or doubled.

The dialogue calls `book_or_queue`; when the platform is unavailable the request
is stored with its Idempotency-Key, and the worker's `retry_pending_bookings`
sends it again later with the same key, so the platform books it at most once
even if an earlier attempt did get through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformRejected, PlatformUnavailable
from bot.storage.claims import WorkQueue, insert_once
from bot.storage.platform_tables import PendingBooking
from platform_api.models import Booking

__all__ = [
    "BookingOutcome",
    "PendingBookings",
    "PendingItem",
    "PendingResult",
    "book_or_queue",
    "retry_pending_bookings",
]


@dataclass(frozen=True, slots=True)
class PendingItem:
    id: int
    idempotency_key: str
    candidate_ref: str
    event_id: str
    attempts: int


@dataclass(frozen=True, slots=True)
class PendingResult:
    """What happened to one queued booking; the caller tells the person."""

    item: PendingItem
    outcome: Literal["booked", "rejected", "retry_later", "gave_up"]
    booking: Booking | None = None
    code: str | None = None
    detail: str = ""


class PendingBookings(WorkQueue[PendingItem]):
    table = PendingBooking
    first_delay_s = 10
    max_delay_s = 600

    #: with the 10-minute cap on backoff, 288 attempts keep trying for about two days.
    def __init__(self, sessions: sessionmaker[Session], max_attempts: int = 288) -> None:
        super().__init__(sessions, max_attempts)

    def item(self, row: PendingBooking) -> PendingItem:
        return PendingItem(
            row.id, row.idempotency_key, row.candidate_ref, row.event_id, row.attempts
        )

    def queue(self, candidate_ref: str, event_id: str, idempotency_key: str) -> bool:
        """Stores a booking to retry; False when that idempotency key is already queued."""
        return insert_once(
            self._sessions,
            PendingBooking(
                idempotency_key=idempotency_key,
                candidate_ref=candidate_ref,
                event_id=event_id,
                status="pending",
            ),
        )

    def mark_booked(self, item_id: int, booking_id: str) -> None:
        self._set(item_id, status="booked", booking_id=booking_id, last_error=None)

    def mark_rejected(self, item_id: int, code: str, detail: str) -> None:
        self._set(item_id, status="rejected", error_code=code, last_error=detail[:2000])

    def mark_failed(self, item_id: int, error: str) -> bool:
        """Backs off exponentially (10 s → 10 min); True when it gave up."""
        return self.retry(item_id, error)

    def status(self, idempotency_key: str) -> str | None:
        with self._sessions() as session:
            return session.scalar(
                select(PendingBooking.status).where(
                    PendingBooking.idempotency_key == idempotency_key
                )
            )

    def waiting_for(self, candidate_ref: str) -> list[PendingItem]:
        """The person's bookings still waiting for the platform (for "my bookings")."""
        with self._sessions() as session:
            rows = session.scalars(
                select(PendingBooking)
                .where(
                    PendingBooking.candidate_ref == candidate_ref,
                    PendingBooking.status == "pending",
                )
                .order_by(PendingBooking.id)
            ).all()
            return [self.item(r) for r in rows]


@dataclass(frozen=True, slots=True)
class BookingOutcome:
    """`booked` (with the booking) or `queued` (the platform is down; retried later).
    A refusal is raised as PlatformRejected (event_full, already_booked, ...)."""

    status: Literal["booked", "queued"]
    booking: Booking | None = None


async def book_or_queue(
    client: PlatformClient,
    pending: PendingBookings,
    event_id: str,
    candidate_ref: str,
    idempotency_key: str,
) -> BookingOutcome:
    try:
        booking = await client.book(event_id, candidate_ref, idempotency_key)
    except PlatformUnavailable:
        pending.queue(candidate_ref, event_id, idempotency_key)
        return BookingOutcome("queued")
    return BookingOutcome("booked", booking)


async def retry_pending_bookings(
    pending: PendingBookings, client: PlatformClient, *, limit: int = 20
) -> list[PendingResult]:
    """Sends due queued bookings again, with their own idempotency keys."""
    results: list[PendingResult] = []
    for item in pending.claim_due(limit):
        try:
            booking = await client.book(item.event_id, item.candidate_ref, item.idempotency_key)
        except PlatformRejected as exc:
            pending.mark_rejected(item.id, exc.code, exc.detail)
            results.append(PendingResult(item, "rejected", code=exc.code, detail=exc.detail))
        except PlatformUnavailable as exc:
            gave_up = pending.mark_failed(item.id, str(exc))
            outcome: Literal["gave_up", "retry_later"] = "gave_up" if gave_up else "retry_later"
            results.append(PendingResult(item, outcome, code=exc.reason, detail=str(exc)))
        else:
            pending.mark_booked(item.id, booking.id)
            results.append(PendingResult(item, "booked", booking=booking))
    return results
