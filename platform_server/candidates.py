"""Erasure of one person's data (RGPD): DELETE /v1/candidates/{ref}, national key only.

Upcoming confirmed bookings are cancelled first (their seats are freed), then
every booking and immersion request of the person is deleted, with the stored
Idempotency-Key answers that name them.
"""

from __future__ import annotations

from fastapi import APIRouter, Path
from pydantic import BaseModel
from sqlalchemy import delete, select, update

from platform_api.models import ErrorBody
from platform_server import idempotency
from platform_server.auth import PrincipalDep
from platform_server.context import ContextDep
from platform_server.errors import ApiError
from platform_server.tables import (
    PlatformBooking,
    PlatformEvent,
    PlatformImmersionRequest,
)

__all__ = ["ERASED", "NOTHING_PERSONAL", "CandidateErased", "router"]

#: the platform's tables that can hold a person's data, all erased here by candidate_ref
ERASED: dict[str, str] = {
    PlatformBooking.__tablename__: "candidate_ref",
    PlatformImmersionRequest.__tablename__: "candidate_ref",
    "platform_idempotency_keys": "the stored answer and key that name the candidate_ref",
}
#: the platform's tables that hold no person's data, and why
NOTHING_PERSONAL: dict[str, str] = {
    "platform_platforms": "the platforms' public directory",
    "platform_api_keys": "partners' key hashes",
    PlatformEvent.__tablename__: "public events",
    "platform_employers": "the public directory of employers",
}

router = APIRouter(prefix="/v1/candidates", tags=["bookings"])


class CandidateErased(BaseModel):
    candidate_ref: str
    bookings_deleted: int
    seats_freed: int
    immersion_requests_deleted: int
    idempotency_keys_deleted: int = 0


@router.delete(
    "/{candidate_ref}",
    response_model=CandidateErased,
    responses={s: {"model": ErrorBody} for s in (401, 403, 422)},
    summary="Erase a person's bookings and immersion requests (national key only)",
)
def erase_candidate(
    principal: PrincipalDep,
    ctx: ContextDep,
    candidate_ref: str = Path(min_length=1, max_length=128),
) -> CandidateErased:
    if not principal.national:
        raise ApiError(403, "forbidden", "Seule une clé nationale peut effacer une personne.")
    now = ctx.now()
    with ctx.sessions.begin() as session:
        upcoming = session.scalars(
            select(PlatformBooking.event_id)
            .join(PlatformEvent)
            .where(
                PlatformBooking.candidate_ref == candidate_ref,
                PlatformBooking.status == "confirmed",
                PlatformEvent.starts_at > now,
            )
        ).all()
        for event_id in upcoming:
            session.execute(
                update(PlatformEvent)
                .where(
                    PlatformEvent.id == event_id, PlatformEvent.seats_left < PlatformEvent.capacity
                )
                .values(seats_left=PlatformEvent.seats_left + 1)
                .execution_options(synchronize_session=False)
            )
        bookings = session.execute(
            delete(PlatformBooking).where(PlatformBooking.candidate_ref == candidate_ref)
        )
        requests = session.execute(
            delete(PlatformImmersionRequest).where(
                PlatformImmersionRequest.candidate_ref == candidate_ref
            )
        )
        keys = idempotency.erase_for(session, candidate_ref)
    return CandidateErased(
        candidate_ref=candidate_ref,
        bookings_deleted=bookings.rowcount,  # type: ignore[attr-defined]
        seats_freed=len(upcoming),
        immersion_requests_deleted=requests.rowcount,  # type: ignore[attr-defined]
        idempotency_keys_deleted=keys,
    )
