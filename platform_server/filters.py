"""Query filters and paging the list endpoints share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import ColumnElement, Row, Select, and_, func, select
from sqlalchemy.orm import Session

from platform_api.models import MAX_OFFSET
from platform_server.auth import Principal
from platform_server.errors import ApiError
from platform_server.geo import bounding_box
from vocab.geo import haversine_km

__all__ = [
    "Around",
    "AroundDep",
    "DepartementParam",
    "JobParam",
    "OffsetParam",
    "SearchLimit",
    "candidate_rows",
    "in_range",
    "page_rows",
]

JobParam = Annotated[str | None, Query(max_length=64)]
DepartementParam = Annotated[str | None, Query(max_length=3)]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
#: page size of a search around a point (events, employers)
SearchLimit = Annotated[int, Query(ge=1, le=100)]


@dataclass(frozen=True, slots=True)
class Around:
    """A search around a point: within `radius_km` of (`lat`, `lon`)."""

    lat: float
    lon: float
    radius_km: float

    def in_box(self, lat: Any, lon: Any) -> ColumnElement[bool]:
        """Rows whose `lat`, `lon` columns fall in the box enclosing the circle: a cheap
        SQL pre-filter before `distance_km`."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(self.lat, self.lon, self.radius_km)
        return and_(lat.between(min_lat, max_lat), lon.between(min_lon, max_lon))

    def distance_km(self, lat: float, lon: float) -> float:
        return haversine_km(self.lat, self.lon, lat, lon)


def _around(
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    radius_km: Annotated[float, Query(gt=0, le=1000)] = 30.0,
) -> Around | None:
    """The point of a search route's query, if it has one; both coordinates or neither."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise ApiError(422, "invalid_request", "Donnez lat et lon ensemble.")
    return Around(lat, lon, radius_km)


#: `lat`, `lon` and `radius_km` in a search route's query
AroundDep = Annotated[Around | None, Depends(_around)]


def candidate_rows(
    table: Any, principal: Principal, candidate_ref: str | None, status: str | None
) -> list[ColumnElement[bool]]:
    """The rows of a candidates' list (bookings, immersion requests) a caller may see: its
    own platform's (a national key: all), of one candidate and in one status if asked."""
    conditions: list[ColumnElement[bool]] = []
    if not principal.national:
        conditions.append(table.platform_id == principal.platform_id)
    if candidate_ref is not None:
        conditions.append(table.candidate_ref == candidate_ref)
    if status is not None:
        conditions.append(table.status == status)
    return conditions


def in_range(column: Any, low: datetime | None, high: datetime | None) -> list[ColumnElement[bool]]:
    """`low <= column < high`, each bound optional; bounds must carry their offset."""
    conditions: list[ColumnElement[bool]] = []
    for bound in (low, high):
        if bound is not None and bound.tzinfo is None:
            raise ApiError(422, "invalid_request", "Donnez les dates avec leur fuseau.")
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column < high)
    return conditions


def page_rows(
    session: Session,
    query: Select[*tuple[Any, ...]],
    order: Sequence[Any],
    limit: int,
    offset: int,
) -> tuple[int, Sequence[Row[*tuple[Any, ...]]]]:
    """(how many rows the query finds, the rows of one page in `order`)."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return total, session.execute(query.order_by(*order).limit(limit).offset(offset)).all()
