"""Bookings: create (Idempotency-Key), list, read, cancel, and attendance after the event.

Capacity is never exceeded: the seat is taken by one conditional UPDATE
(`seats_left = seats_left - 1 WHERE id = :id AND seats_left > 0`) in the same
transaction as the booking row, a partial unique index allows one confirmed
booking per (event, candidate), and a CHECK keeps 0 <= seats_left <= capacity.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from platform_api.models import Attendance, Booking, BookingCreate, Moment, Page
from platform_server import idempotency
from platform_server.auth import Principal, PrincipalDep
from platform_server.context import ContextDep, PlatformContext, new_id
from platform_server.errors import ApiError, documented
from platform_server.filters import OffsetParam, candidate_rows, in_range, page_rows
from platform_server.idempotency import Stored
from platform_server.serialize import booking_out
from platform_server.tables import PlatformBooking, PlatformEvent

__all__ = ["cancel_booking", "create_booking", "router"]

router = APIRouter(prefix="/v1/bookings", tags=["bookings"])

_ERRORS = documented(400, 401, 403, 404, 409, 422)


def create_booking(
    ctx: PlatformContext, principal: Principal, body: BookingCreate, key: str | None
) -> tuple[Stored, bool]:
    """(answer, replayed). Raises ApiError for refusals."""
    scoped_key = idempotency.scoped(principal, key, required=True)
    print_ = idempotency.fingerprint("POST /v1/bookings", body.model_dump())
    try:
        return idempotency.once(
            ctx.sessions, scoped_key, print_, lambda s: _book(s, ctx.now(), principal, body)
        )
    except IntegrityError:
        raise _already_booked() from None  # the same person, under another key


def _book(session: Session, now: datetime, principal: Principal, body: BookingCreate) -> Stored:
    event = session.get(PlatformEvent, body.event_id)
    if event is None:
        raise ApiError(404, "event_not_found", f"Événement inconnu : {body.event_id}.")
    if not principal.may_access(event.platform_id):
        raise ApiError(403, "forbidden", "Cet événement relève d'une autre plateforme.")
    if event.status != "scheduled":
        raise ApiError(409, "event_cancelled", "Cet événement a été annulé.")
    if event.starts_at <= now:
        raise ApiError(409, "event_past", "Cet événement a déjà commencé ou est passé.")
    if session.scalar(_live_booking(body.event_id, body.candidate_ref)) is not None:
        raise _already_booked()
    taken = session.execute(
        update(PlatformEvent)
        .where(
            PlatformEvent.id == event.id,
            PlatformEvent.seats_left > 0,
            PlatformEvent.status == "scheduled",
            PlatformEvent.starts_at > now,
        )
        .values(seats_left=PlatformEvent.seats_left - 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiError(409, "event_full", "Cet événement est complet.")
    booking = PlatformBooking(
        id=new_id("bkg"),
        event_id=event.id,
        platform_id=event.platform_id,
        candidate_ref=body.candidate_ref,
        status="confirmed",
        created_at=now,
    )
    session.add(booking)
    session.flush()
    session.refresh(event)
    return Stored(201, booking_out(booking, event).model_dump(mode="json"))


def _live_booking(event_id: str, candidate_ref: str) -> Select[str]:
    return select(PlatformBooking.id).where(
        PlatformBooking.event_id == event_id,
        PlatformBooking.candidate_ref == candidate_ref,
        PlatformBooking.status == "confirmed",
    )


def _already_booked() -> ApiError:
    return ApiError(409, "already_booked", "Cette personne est déjà inscrite à cet événement.")


def cancel_booking(ctx: PlatformContext, principal: Principal, booking_id: str) -> Booking:
    """Cancels and frees the seat; cancelling a cancelled booking changes nothing."""
    now = ctx.now()
    with ctx.sessions.begin() as session:
        booking = _visible(session, principal, booking_id)
        event = session.get_one(PlatformEvent, booking.event_id)
        if booking.status == "confirmed":
            if event.starts_at <= now:
                raise ApiError(409, "event_past", "L'événement a commencé : trop tard.")
            done = session.execute(
                update(PlatformBooking)
                .where(PlatformBooking.id == booking_id, PlatformBooking.status == "confirmed")
                .values(status="cancelled", cancelled_at=now)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                session.execute(
                    update(PlatformEvent)
                    .where(
                        PlatformEvent.id == event.id,
                        PlatformEvent.seats_left < PlatformEvent.capacity,
                    )
                    .values(seats_left=PlatformEvent.seats_left + 1)
                    .execution_options(synchronize_session=False)
                )
            session.refresh(booking)
            session.refresh(event)
        return booking_out(booking, event)


def record_attendance(
    ctx: PlatformContext, principal: Principal, booking_id: str, attended: bool
) -> Booking:
    """Once the event has started: the person came or not (a later call corrects it)."""
    with ctx.sessions.begin() as session:
        booking = _visible(session, principal, booking_id)
        event = session.get_one(PlatformEvent, booking.event_id)
        if booking.status != "confirmed":
            raise ApiError(409, "booking_cancelled", "Cette inscription a été annulée.")
        if event.starts_at > ctx.now():
            raise ApiError(409, "event_not_started", "L'événement n'a pas encore eu lieu.")
        booking.attended = attended
        return booking_out(booking, event)


def _visible(session: Session, principal: Principal, booking_id: str) -> PlatformBooking:
    booking = session.get(PlatformBooking, booking_id)
    if booking is None or not principal.may_access(booking.platform_id):
        raise ApiError(404, "booking_not_found", f"Réservation inconnue : {booking_id}.")
    return booking


@router.post(
    "",
    status_code=201,
    response_model=Booking,
    responses=_ERRORS,
    summary="Book a seat (Idempotency-Key required)",
)
def post_booking(
    body: BookingCreate,
    principal: PrincipalDep,
    ctx: ContextDep,
    idempotency_key: idempotency.IdempotencyKeyHeader = None,
) -> JSONResponse:
    result, replayed = create_booking(ctx, principal, body, idempotency_key)
    return result.response(replayed)


@router.get("", response_model=Page[Booking], responses=_ERRORS, summary="List bookings")
def list_bookings(
    principal: PrincipalDep,
    ctx: ContextDep,
    candidate_ref: Annotated[str | None, Query(max_length=128)] = None,
    status: Literal["confirmed", "cancelled"] | None = None,
    starts_from: Annotated[Moment | None, Query(description="event start ≥ this")] = None,
    starts_before: Annotated[Moment | None, Query(description="event start < this")] = None,
    created_from: Annotated[Moment | None, Query(description="booked at or after")] = None,
    created_before: Annotated[Moment | None, Query(description="booked before")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: OffsetParam = 0,
) -> Page[Booking]:
    """A platform key sees its own platform's bookings only; a national key sees all."""
    query = select(PlatformBooking, PlatformEvent).join(PlatformEvent)
    query = query.where(*candidate_rows(PlatformBooking, principal, candidate_ref, status))
    query = query.where(*in_range(PlatformEvent.starts_at, starts_from, starts_before))
    query = query.where(*in_range(PlatformBooking.created_at, created_from, created_before))
    with ctx.sessions() as session:
        order = (PlatformEvent.starts_at, PlatformBooking.id)
        total, rows = page_rows(session, query, order, limit, offset)
        return Page[Booking](items=[booking_out(b, e) for b, e in rows], total=total)


@router.get("/{booking_id}", response_model=Booking, responses=_ERRORS)
def get_booking(booking_id: str, principal: PrincipalDep, ctx: ContextDep) -> Booking:
    with ctx.sessions() as session:
        booking = _visible(session, principal, booking_id)
        return booking_out(booking, session.get_one(PlatformEvent, booking.event_id))


@router.delete(
    "/{booking_id}", response_model=Booking, responses=_ERRORS, summary="Cancel (frees the seat)"
)
def delete_booking(booking_id: str, principal: PrincipalDep, ctx: ContextDep) -> Booking:
    return cancel_booking(ctx, principal, booking_id)


@router.put(
    "/{booking_id}/attendance",
    response_model=Booking,
    responses=_ERRORS,
    summary="Record whether the person came (once the event has started)",
)
def put_attendance(
    booking_id: str, body: Attendance, principal: PrincipalDep, ctx: ContextDep
) -> Booking:
    return record_attendance(ctx, principal, booking_id, body.attended)
