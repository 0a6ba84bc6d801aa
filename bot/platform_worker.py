"""The platform worker: retries queued bookings, tells the candidate how each
ended, and queues tomorrow's reminders.

`run_worker_once(settings)` does one pass; call it from cron, a loop
(`autonomie platform worker --every 60`) or a scheduler. Several workers may
run at once: a queued booking is claimed by one of them, and a reminder or a
booking result has an outbox dedupe key (`reminder:<booking id>`,
`booking-result:<idempotency key>`), so it is queued once. The outbox sends
them on the person's channel (`autonomie worker`, or `serve`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.formatting import french_date, french_day
from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformError
from bot.platform.pending import PendingBookings, PendingResult, retry_pending_bookings
from bot.platform.refs import CandidateRefs
from bot.secret import app_secret
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import Conversation, utcnow
from bot.storage.outbox import Outbox
from platform_api.models import PARIS, Booking

__all__ = [
    "ReminderReport",
    "WorkerReport",
    "booking_result_text",
    "conversation_channels",
    "queue_booking_results",
    "queue_reminders",
    "reminder_text",
    "run_worker_once",
]

log = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    queued: int = 0
    already_queued: int = 0
    no_channel: int = 0


@dataclass
class WorkerReport:
    bookings: list[PendingResult] = field(default_factory=list)
    reminders: ReminderReport = field(default_factory=ReminderReport)
    notices: int = 0
    errors: list[str] = field(default_factory=list)


def reminder_text(booking: Booking) -> str:
    event = booking.event
    start = event.starts_at.astimezone(PARIS)
    when = f"{french_day(start.date())} à {start:%H}h{start:%M}"
    where = (
        "en ligne (le lien vous a été envoyé par la plateforme)"
        if event.online
        else f"{event.address}, {event.commune}"
    )
    text = f"Rappel : demain, {when}, « {event.title} », {where}."
    if event.public_transport and not event.online:
        text += f" Accès : {event.public_transport}."
    return text + " Si vous ne pouvez pas venir, écrivez « annuler ma réservation »."


def booking_result_text(result: PendingResult) -> str | None:
    """What the person is told once a booking queued during an outage has ended."""
    booking = result.booking
    if result.outcome == "booked" and booking is not None:
        return (
            f"Bonne nouvelle : vous êtes inscrit(e) à {booking.event.title}, "
            f"{french_date(booking.event.starts_at)}."
        )
    if result.outcome in ("booked", "rejected", "gave_up"):
        return (
            "Désolé, je n'ai pas pu faire votre inscription : l'événement est complet "
            'ou n\'est plus disponible. Ecrivez "ateliers" pour voir les autres dates.'
        )
    return None


def queue_booking_results(
    results: list[PendingResult], outbox: Outbox, channel_of: Callable[[str], str | None]
) -> int:
    """One outbox message per ended booking, on the person's channel (the widget's
    `rest` when unknown); a result already queued is not queued again."""
    queued = 0
    for result in results:
        text = booking_result_text(result)
        if text is None:
            continue
        item = result.item
        queued += outbox.put(
            item.candidate_ref,
            channel_of(item.candidate_ref) or "rest",
            {"kind": "booking_result", "text": text},
            dedupe_key=f"booking-result:{item.idempotency_key}",
        )
    return queued


def conversation_channels(sessions: sessionmaker[Session]) -> Callable[[str], str | None]:
    """candidate_ref (the conversation's sender id) → the channel it talks on."""

    def channel_of(sender_id: str) -> str | None:
        with sessions() as session:
            return session.scalar(
                select(Conversation.channel).where(Conversation.sender_id == sender_id)
            )

    return channel_of


async def queue_reminders(
    client: PlatformClient,
    outbox: Outbox,
    channel_of: Callable[[str], str | None],
    *,
    now: datetime | None = None,
) -> ReminderReport:
    """One outbox message per confirmed booking of an event starting tomorrow (Paris)."""
    now = now or utcnow()
    today = now.astimezone(PARIS).date()
    start = datetime.combine(today + timedelta(days=1), time(0), PARIS)
    report = ReminderReport()
    for booking in await client.bookings_starting(start, start + timedelta(days=1)):
        channel = channel_of(booking.candidate_ref)
        if channel is None:
            report.no_channel += 1
            continue
        payload = {
            "kind": "event_reminder",
            "text": reminder_text(booking),
            "booking_id": booking.id,
            "event_id": booking.event_id,
            "starts_at": booking.event.starts_at.isoformat(),
        }
        if outbox.put(
            booking.candidate_ref,
            channel,
            payload,
            dedupe_key=f"reminder:{booking.id}",
            not_before=_daytime(now),
        ):
            report.queued += 1
        else:
            report.already_queued += 1
    return report


def _daytime(now: datetime) -> datetime:
    """No reminder between 21:00 and 08:00 (Paris): those wait until 08:00."""
    local = now.astimezone(PARIS)
    if 8 <= local.hour < 21:
        return now
    day = local.date() + timedelta(days=1 if local.hour >= 21 else 0)
    return datetime.combine(day, time(8), PARIS)


async def run_worker_once(
    settings: Settings,
    *,
    client: PlatformClient | None = None,
    sessions: sessionmaker[Session] | None = None,
    now: datetime | None = None,
) -> WorkerReport:
    """Retries queued bookings and queues their results for the candidates, then queues
    reminders. Never raises for a platform outage."""
    engine = None
    if sessions is None:
        engine = make_engine(settings.database_url)
        sessions = make_session_factory(engine)
    own_client = client is None
    client = client or PlatformClient.from_settings(
        settings, refs=CandidateRefs(app_secret(settings), sessions)
    )
    report = WorkerReport()
    outbox, channel_of = Outbox(sessions), conversation_channels(sessions)
    try:
        try:
            report.bookings = await retry_pending_bookings(PendingBookings(sessions), client)
        except PlatformError as exc:
            report.errors.append(f"pending bookings: {exc}")
        report.notices = queue_booking_results(report.bookings, outbox, channel_of)
        try:
            report.reminders = await queue_reminders(client, outbox, channel_of, now=now)
        except PlatformError as exc:
            report.errors.append(f"reminders: {exc}")
    finally:
        if own_client:
            await client.aclose()
        if engine is not None:
            engine.dispose()
    for error in report.errors:
        log.warning("platform worker: %s", error)
    return report
