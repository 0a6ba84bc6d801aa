"""Events: search around a point (distance, then date) and read one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import Session

from platform_api.models import PARIS, Day, Event, EventType, Page
from platform_server.auth import PrincipalDep
from platform_server.context import ContextDep
from platform_server.errors import documented, found
from platform_server.filters import (
    Around,
    AroundDep,
    DepartementParam,
    JobParam,
    OffsetParam,
    SearchLimit,
)
from platform_server.serialize import event_out
from platform_server.tables import PlatformEvent, PlatformRecord

__all__ = ["EventQuery", "router", "search_events"]

router = APIRouter(prefix="/v1/events", tags=["events"])
_ERRORS = documented(401, 404, 422)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """A search: the route's query parameters (FastAPI reads them from these fields)."""

    around: AroundDep = None
    types: Annotated[list[EventType] | None, Query(alias="type", description="repeatable")] = None
    job: JobParam = None
    date_from: Annotated[Day | None, Query(description="first day, Europe/Paris")] = None
    date_to: Annotated[Day | None, Query(description="last day (inclusive)")] = None
    departement: DepartementParam = None
    online: Annotated[bool | None, Query(description="true: online only; false: none")] = None
    include_full: bool = False
    limit: SearchLimit = 20
    offset: OffsetParam = 0


def search_events(session: Session, now: datetime, q: EventQuery) -> Page[Event]:
    """In-person events within `radius_km` by distance then date, then online events by date.

    Online events come from the platforms within the radius and from the nearest
    platform, so a person in a département without a platform still gets some.
    Without a point, every upcoming event matching the filters, by date.
    """
    start = now
    if q.date_from is not None:
        start = max(now, datetime.combine(q.date_from, time(0), PARIS))
    query = select(PlatformEvent).where(
        PlatformEvent.status == "scheduled", PlatformEvent.starts_at >= start
    )
    if q.date_to is not None:
        end = datetime.combine(q.date_to + timedelta(days=1), time(0), PARIS)
        query = query.where(PlatformEvent.starts_at < end)
    if q.types:
        query = query.where(PlatformEvent.type.in_(q.types))
    if q.departement is not None:
        query = query.where(PlatformEvent.departement == q.departement)
    if not q.include_full:
        query = query.where(PlatformEvent.seats_left > 0)
    if q.online is not None:
        query = query.where(PlatformEvent.online == (true() if q.online else false()))
    around = q.around
    if around is not None:
        in_person = and_(
            PlatformEvent.online == false(), around.in_box(PlatformEvent.lat, PlatformEvent.lon)
        )
        remote = and_(
            PlatformEvent.online == true(),
            PlatformEvent.platform_id.in_(_platforms_serving(session, around)),
        )
        query = query.where(or_(in_person, remote))
    ranked: list[tuple[tuple[int, float, datetime, str], PlatformEvent, float | None]] = []
    for row in session.scalars(query):
        if q.job is not None and row.jobs and q.job not in row.jobs:
            continue
        distance = None
        if around is not None and not row.online and row.lat is not None and row.lon is not None:
            distance = around.distance_km(row.lat, row.lon)
            if distance > around.radius_km:
                continue
        key = (1 if distance is None else 0, round(distance or 0.0, 1), row.starts_at, row.id)
        ranked.append((key, row, distance))
    ranked.sort(key=lambda item: item[0])
    page = ranked[q.offset : q.offset + q.limit]
    return Page[Event](items=[event_out(row, d) for _, row, d in page], total=len(ranked))


def _platforms_serving(session: Session, around: Around) -> list[int]:
    """Platforms within the radius, plus the nearest one whatever its distance."""
    distances = [
        (around.distance_km(p_lat, p_lon), pid)
        for pid, p_lat, p_lon in session.execute(
            select(PlatformRecord.id, PlatformRecord.lat, PlatformRecord.lon)
        )
    ]
    if not distances:
        return []
    nearest = min(distances)[1]
    return sorted({pid for d, pid in distances if d <= around.radius_km} | {nearest})


@router.get("", response_model=Page[Event], responses=_ERRORS, summary="Search events")
def get_events(
    _principal: PrincipalDep, ctx: ContextDep, query: Annotated[EventQuery, Depends()]
) -> Page[Event]:
    """Upcoming events. Events with no `jobs` concern every job. Full events are left out
    unless `include_full=true`."""
    with ctx.sessions() as session:
        return search_events(session, ctx.now(), query)


@router.get("/{event_id}", response_model=Event, responses=_ERRORS)
def get_event(event_id: str, _principal: PrincipalDep, ctx: ContextDep) -> Event:
    with ctx.sessions() as session:
        row = session.get(PlatformEvent, event_id)
        return event_out(found(row, "event_not_found", f"Événement inconnu : {event_id}."))
