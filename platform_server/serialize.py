"""Table rows → wire models; datetimes leave in Europe/Paris time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from platform_api.models import (
    PARIS,
    Booking,
    Employer,
    Event,
    ImmersionPeriod,
    ImmersionRequest,
    OpeningHours,
    Platform,
)
from platform_server.tables import (
    PlatformBooking,
    PlatformEmployer,
    PlatformEvent,
    PlatformImmersionRequest,
    PlatformRecord,
)

__all__ = ["booking_out", "employer_out", "event_out", "immersion_out", "platform_out"]


def _paris(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(PARIS)


def _where(row: PlatformRecord | PlatformEvent | PlatformEmployer) -> dict[str, Any]:
    """Where a platform, an event or an employer is: the same six fields on both sides
    of the wire."""
    return {
        "departement": row.departement,
        "address": row.address,
        "commune": row.commune,
        "postal_code": row.postal_code,
        "lat": row.lat,
        "lon": row.lon,
    }


def platform_out(row: PlatformRecord, now: datetime, distance_km: float | None = None) -> Platform:
    hours = OpeningHours.model_validate(row.opening_hours)
    return Platform(
        name=row.name,
        **_where(row),
        phone=row.phone,
        email=row.email,
        website=row.website,
        opening_hours=hours,
        answer_within_hours=row.answer_within_hours,
        counsellors=list(row.counsellors),
        open_now=hours.is_open(now),
        next_opening_at=hours.next_opening(now),
        demo=row.is_demo,
        distance_km=None if distance_km is None else round(distance_km, 1),
    )


def event_out(row: PlatformEvent, distance_km: float | None = None) -> Event:
    return Event(
        id=row.id,
        type=row.type,  # type: ignore[arg-type]
        title=row.title,
        description=row.description,
        starts_at=row.starts_at.astimezone(PARIS),
        ends_at=row.ends_at.astimezone(PARIS),
        **_where(row),
        online=row.online,
        capacity=row.capacity,
        seats_left=row.seats_left,
        full=row.seats_left <= 0,
        accessibility=row.accessibility,
        public_transport=row.public_transport,
        jobs=list(row.jobs),
        demo=row.is_demo,
        distance_km=None if distance_km is None else round(distance_km, 1),
    )


def booking_out(row: PlatformBooking, event: PlatformEvent) -> Booking:
    return Booking(
        id=row.id,
        event_id=row.event_id,
        candidate_ref=row.candidate_ref,
        status=row.status,  # type: ignore[arg-type]
        created_at=row.created_at.astimezone(PARIS),
        cancelled_at=_paris(row.cancelled_at),
        attended=row.attended,
        event=event_out(event),
    )


def immersion_out(row: PlatformImmersionRequest, departement: str) -> ImmersionRequest:
    return ImmersionRequest(
        id=row.id,
        departement=departement,
        candidate_ref=row.candidate_ref,
        job=row.job,
        commune=row.commune,
        postal_code=row.postal_code,
        period=ImmersionPeriod.model_construct(
            date_from=row.period_from, date_to=row.period_to, text=row.period_text
        ),
        employer_wish=row.employer_wish,
        employer_id=row.employer_id,
        status=row.status,  # type: ignore[arg-type]
        counsellor=row.counsellor,
        note=row.note,
        created_at=row.created_at.astimezone(PARIS),
        decided_at=_paris(row.decided_at),
    )


def employer_out(row: PlatformEmployer, distance_km: float | None = None) -> Employer:
    return Employer(
        id=row.id,
        name=row.name,
        type=row.type,  # type: ignore[arg-type]
        **_where(row),
        jobs=list(row.jobs),
        hiring=row.hiring,
        website=row.website,
        demo=row.is_demo,
        distance_km=None if distance_km is None else round(distance_km, 1),
    )
