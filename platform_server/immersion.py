"""Immersion (PMSMP) requests: filed for a candidate, decided by a counsellor.

requested → validated | refused (with a note). A decision is final: a second
one answers 409 `invalid_transition`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from platform_api.models import (
    ImmersionDecision,
    ImmersionRequest,
    ImmersionRequestCreate,
    Moment,
    Page,
)
from platform_server import idempotency
from platform_server.auth import Principal, PrincipalDep
from platform_server.context import ContextDep, new_id
from platform_server.errors import ApiError, documented
from platform_server.filters import OffsetParam, candidate_rows, in_range, page_rows
from platform_server.idempotency import Stored
from platform_server.serialize import immersion_out
from platform_server.tables import PlatformImmersionRequest, PlatformRecord

__all__ = ["router"]

router = APIRouter(prefix="/v1/immersion-requests", tags=["immersion"])
_ERRORS = documented(400, 401, 403, 404, 409, 422)


@router.post("", status_code=201, response_model=ImmersionRequest, responses=_ERRORS)
def post_immersion_request(
    body: ImmersionRequestCreate,
    principal: PrincipalDep,
    ctx: ContextDep,
    idempotency_key: idempotency.IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Files a request with the platform of `departement` (a platform key: its own)."""
    departement = body.departement or principal.departement
    if departement is None:
        raise ApiError(422, "invalid_request", "Précisez le département de la plateforme.")
    if principal.departement is not None and departement != principal.departement:
        raise ApiError(403, "forbidden", "Une plateforme ne dépose que pour elle-même.")
    scoped_key = idempotency.scoped(principal, idempotency_key, required=False)
    print_ = idempotency.fingerprint("POST /v1/immersion-requests", body.model_dump())

    def create(session: Session) -> Stored:
        platform_id = session.scalar(
            select(PlatformRecord.id).where(PlatformRecord.departement == departement)
        )
        if platform_id is None:
            raise ApiError(404, "platform_not_found", f"Pas de plateforme dans le {departement}.")
        row = PlatformImmersionRequest(
            id=new_id("imm"),
            platform_id=platform_id,
            candidate_ref=body.candidate_ref,
            job=body.job,
            commune=body.commune,
            postal_code=body.postal_code,
            period_from=body.period.date_from,
            period_to=body.period.date_to,
            period_text=body.period.text,
            employer_wish=body.employer_wish,
            employer_id=body.employer_id,
            status="requested",
            created_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        return Stored(201, immersion_out(row, departement).model_dump(mode="json"))

    result, replayed = idempotency.once(ctx.sessions, scoped_key, print_, create)
    return result.response(replayed)


@router.get("", response_model=Page[ImmersionRequest], responses=_ERRORS)
def list_immersion_requests(
    principal: PrincipalDep,
    ctx: ContextDep,
    candidate_ref: Annotated[str | None, Query(max_length=128)] = None,
    status: Literal["requested", "validated", "refused"] | None = None,
    created_from: Annotated[Moment | None, Query(description="filed at or after")] = None,
    created_before: Annotated[Moment | None, Query(description="filed before")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: OffsetParam = 0,
) -> Page[ImmersionRequest]:
    query = select(PlatformImmersionRequest, PlatformRecord.departement).join(PlatformRecord)
    scope = candidate_rows(PlatformImmersionRequest, principal, candidate_ref, status)
    query = query.where(*scope)
    created = PlatformImmersionRequest.created_at
    query = query.where(*in_range(created, created_from, created_before))
    with ctx.sessions() as session:
        order = (PlatformImmersionRequest.created_at, PlatformImmersionRequest.id)
        total, rows = page_rows(session, query, order, limit, offset)
        return Page[ImmersionRequest](items=[immersion_out(r, d) for r, d in rows], total=total)


def _visible(session: Session, principal: Principal, request_id: str) -> PlatformImmersionRequest:
    row = session.get(PlatformImmersionRequest, request_id)
    if row is None or not principal.may_access(row.platform_id):
        raise ApiError(404, "immersion_not_found", f"Demande inconnue : {request_id}.")
    return row


@router.get("/{request_id}", response_model=ImmersionRequest, responses=_ERRORS)
def get_immersion_request(
    request_id: str, principal: PrincipalDep, ctx: ContextDep
) -> ImmersionRequest:
    with ctx.sessions() as session:
        row = _visible(session, principal, request_id)
        return immersion_out(row, row.platform.departement)


@router.patch(
    "/{request_id}",
    response_model=ImmersionRequest,
    responses=_ERRORS,
    summary="A counsellor validates or refuses",
)
def decide_immersion_request(
    request_id: str, decision: ImmersionDecision, principal: PrincipalDep, ctx: ContextDep
) -> ImmersionRequest:
    with ctx.sessions.begin() as session:
        row = _visible(session, principal, request_id)
        changed = session.execute(
            update(PlatformImmersionRequest)
            .where(
                PlatformImmersionRequest.id == request_id,
                PlatformImmersionRequest.status == "requested",
            )
            .values(
                status=decision.status,
                note=decision.note,
                counsellor=decision.counsellor,
                decided_at=ctx.now(),
            )
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise ApiError(
                409, "invalid_transition", f"Cette demande est déjà traitée ({row.status})."
            )
        session.refresh(row)
        return immersion_out(row, row.platform.departement)
