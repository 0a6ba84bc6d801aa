"""Platforms (one per département) and employers (BAAM-style recruiters' directory)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from platform_api.models import (
    Employer,
    EmployerType,
    Page,
    Platform,
)
from platform_server.auth import PrincipalDep
from platform_server.context import ContextDep
from platform_server.errors import ApiError, documented, found
from platform_server.filters import (
    AroundDep,
    DepartementParam,
    JobParam,
    OffsetParam,
    SearchLimit,
)
from platform_server.serialize import employer_out, platform_out
from platform_server.tables import PlatformEmployer, PlatformRecord
from vocab.geo import haversine_km

__all__ = ["employers", "platforms"]

platforms = APIRouter(prefix="/v1/platforms", tags=["platforms"])
employers = APIRouter(prefix="/v1/employers", tags=["employers"])
_ERRORS = documented(401, 404, 422)

Lat = Annotated[float, Query(ge=-90, le=90)]
Lon = Annotated[float, Query(ge=-180, le=180)]


@platforms.get("", response_model=Page[Platform], responses=_ERRORS)
def list_platforms(_principal: PrincipalDep, ctx: ContextDep) -> Page[Platform]:
    now = ctx.now()
    with ctx.sessions() as session:
        rows = session.scalars(select(PlatformRecord).order_by(PlatformRecord.departement)).all()
        return Page[Platform](items=[platform_out(r, now) for r in rows], total=len(rows))


@platforms.get("/nearest", response_model=Platform, responses=_ERRORS)
def nearest_platform(lat: Lat, lon: Lon, _principal: PrincipalDep, ctx: ContextDep) -> Platform:
    """The platform whose office is nearest to the point (any département)."""
    now = ctx.now()
    with ctx.sessions() as session:
        ranked = sorted(
            (
                (haversine_km(lat, lon, r.lat, r.lon), r.departement, r)
                for r in session.scalars(select(PlatformRecord))
            ),
            key=lambda item: item[:2],
        )
        if not ranked:
            raise ApiError(404, "platform_not_found", "Aucune plateforme n'est enregistrée.")
        distance, _, row = ranked[0]
        return platform_out(row, now, distance)


@platforms.get("/{departement}", response_model=Platform, responses=_ERRORS)
def get_platform(departement: str, _principal: PrincipalDep, ctx: ContextDep) -> Platform:
    with ctx.sessions() as session:
        row = session.scalar(
            select(PlatformRecord).where(PlatformRecord.departement == departement)
        )
        missing = f"Pas de plateforme dans le département {departement}."
        return platform_out(found(row, "platform_not_found", missing), ctx.now())


@employers.get("", response_model=Page[Employer], responses=_ERRORS, summary="Employers near")
def search_employers(
    _principal: PrincipalDep,
    ctx: ContextDep,
    around: AroundDep,
    type: Annotated[list[EmployerType] | None, Query(description="repeatable")] = None,
    job: JobParam = None,
    departement: DepartementParam = None,
    hiring: bool | None = None,
    limit: SearchLimit = 20,
    offset: OffsetParam = 0,
) -> Page[Employer]:
    """Around a point: within `radius_km`, nearest first. Without a point: by name."""
    query = select(PlatformEmployer)
    if type:
        query = query.where(PlatformEmployer.type.in_(type))
    if departement is not None:
        query = query.where(PlatformEmployer.departement == departement)
    if hiring is not None:
        query = query.where(PlatformEmployer.hiring == hiring)
    if around is not None:
        query = query.where(around.in_box(PlatformEmployer.lat, PlatformEmployer.lon))
    with ctx.sessions() as session:
        ranked: list[tuple[float, str, PlatformEmployer, float | None]] = []
        for row in session.scalars(query):
            if job is not None and job not in row.jobs:
                continue
            distance = None
            if around is not None:
                distance = around.distance_km(row.lat, row.lon)
                if distance > around.radius_km:
                    continue
            ranked.append((distance or 0.0, row.name, row, distance))
        ranked.sort(key=lambda item: item[:2])
        page = ranked[offset : offset + limit]
        return Page[Employer](
            items=[employer_out(row, d) for *_, row, d in page], total=len(ranked)
        )


@employers.get("/{employer_id}", response_model=Employer, responses=_ERRORS)
def get_employer(employer_id: str, _principal: PrincipalDep, ctx: ContextDep) -> Employer:
    with ctx.sessions() as session:
        row = session.get(PlatformEmployer, employer_id)
        return employer_out(found(row, "employer_not_found", f"Employeur inconnu : {employer_id}."))
