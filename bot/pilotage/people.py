"""One record per person active in a period: the assistant's event log and handoffs,
and the platform's bookings and immersion requests, read through its API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.site import SITE_SLOT
from bot.handoff.tables import Handoff
from bot.platform.client import PlatformClient
from bot.storage.models import Conversation, ConversationEvent
from platform_api.models import Booking, ImmersionRequest
from vocab.departements import departement_name

__all__ = ["Person", "PlatformActivity", "iso_week", "people", "period_bounds", "platform_activity"]

UNKNOWN = "inconnu"
_PROFILE_SLOTS = ("departement", "jobs", "barriers", "consent", "oriented", SITE_SLOT)


@dataclass
class Person:
    sender_id: str
    channel: str = UNKNOWN
    departement: str | None = None
    #: the platform whose site they wrote from (the widget's data-platform), if any
    site: str | None = None
    jobs: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    conversation: bool = False
    consented: bool = False
    consent_at: datetime | None = None
    oriented: bool = False
    bookings: int = 0
    attended: bool = False  # came to an event booked in the period (platform's note)
    handed_off: bool = False
    immersion_requested: bool = False
    immersion_validated: bool = False

    @property
    def served_by(self) -> str | None:
        """The département whose platform serves them, as for their handoffs: their
        own, else their site's (a person who wrote from the Drôme platform's site and
        gave no place counts in the Drôme's figures)."""
        return self.departement or self.site

    def seen(self, at: datetime) -> None:
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        self.first_seen = min(self.first_seen or at, at)
        self.last_seen = max(self.last_seen or at, at)


def period_bounds(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, end + 1 day 00:00 UTC); open ends are far away."""
    low = datetime.combine(start or date(1970, 1, 1), time(), UTC)
    high = datetime.combine(end or date(9999, 12, 30), time(), UTC) + timedelta(days=1)
    return low, high


def iso_week(at: datetime | None) -> str | None:
    if at is None:
        return None
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def _fold_slots(
    person: Person, rows: Iterable[tuple[dict[str, Any], datetime]], low: datetime, high: datetime
) -> None:
    for data, at in rows:
        name, value = data.get("name"), data.get("value")
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        if name == "departement" and value:
            person.departement = str(value)
        elif name == SITE_SLOT and value and departement_name(str(value)):
            person.site = str(value)
        elif name in ("jobs", "barriers"):
            setattr(person, str(name), [str(v) for v in value] if isinstance(value, list) else [])
        elif name == "consent" and value is True and low <= at < high:
            person.consented = True
            person.consent_at = person.consent_at or at
        elif name == "oriented" and value is True and low <= at < high:
            person.oriented = True


@dataclass(frozen=True)
class PlatformActivity:
    """What the platform holds on the period: bookings made, immersion requests filed."""

    bookings: list[Booking] = field(default_factory=list)
    immersions: list[ImmersionRequest] = field(default_factory=list)


async def platform_activity(
    client: PlatformClient, start: date | None, end: date | None
) -> PlatformActivity:
    """Read through the platform API (PlatformError when it cannot answer)."""
    low, high = period_bounds(start, end)
    return PlatformActivity(
        await client.bookings_made(low, high), await client.immersion_requests_made(low, high)
    )


def people(
    sessions: sessionmaker[Session],
    activity: PlatformActivity,
    start: date | None,
    end: date | None,
) -> dict[str, Person]:
    """Everyone with an activity in the period: a message, a booking, a handoff, a request."""
    low, high = period_bounds(start, end)
    found: dict[str, Person] = {}
    with sessions() as session:
        _conversations(session, found, low, high)
        for booking in activity.bookings:
            ref = booking.candidate_ref
            person = found.setdefault(ref, Person(ref, departement=booking.event.departement))
            person.bookings += 1
            person.attended |= booking.attended is True
            person.seen(booking.created_at)
        for sender, at, team_departement, channel in session.execute(
            select(
                Handoff.sender_id, Handoff.created_at, Handoff.departement, Handoff.channel
            ).where(Handoff.created_at >= low, Handoff.created_at < high)
        ):
            person = found.setdefault(sender, Person(sender, channel, team_departement))
            person.handed_off = True
            person.seen(at)
    for request in activity.immersions:
        ref = request.candidate_ref
        person = found.setdefault(ref, Person(ref, departement=request.departement))
        person.immersion_requested = True
        person.immersion_validated |= request.status == "validated"
        person.seen(request.created_at)
    return found


def _conversations(
    session: Session, found: dict[str, Person], low: datetime, high: datetime
) -> None:
    active = (
        select(ConversationEvent.conversation_id)
        .where(
            ConversationEvent.type_name == "user",
            ConversationEvent.created_at >= low,
            ConversationEvent.created_at < high,
        )
        .distinct()
    )
    rows = session.execute(
        select(
            Conversation.sender_id,
            func.coalesce(ConversationEvent.channel, Conversation.channel),
            ConversationEvent.type_name,
            ConversationEvent.data,
            ConversationEvent.created_at,
        )
        .join(ConversationEvent, ConversationEvent.conversation_id == Conversation.id)
        .where(Conversation.id.in_(active), ConversationEvent.type_name.in_(("user", "slot")))
        .order_by(Conversation.id, ConversationEvent.seq)
    )
    slots: dict[str, list[tuple[dict[str, Any], datetime]]] = {}
    for sender, channel, kind, data, at in rows:
        person = found.setdefault(sender, Person(sender))
        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        if kind == "user" and not person.conversation:  # the channel the person came by
            person.channel, person.conversation = channel, True
        if kind == "user" and low <= aware < high:
            person.seen(aware)
        elif kind == "slot" and data.get("name") in _PROFILE_SLOTS:
            slots.setdefault(sender, []).append((data, at))
    for sender, events in slots.items():
        _fold_slots(found[sender], events, low, high)
