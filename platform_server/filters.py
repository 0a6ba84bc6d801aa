"""Query filters and paging the list endpoints share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import Session

from platform_api.models import MAX_OFFSET
from platform_server.errors import ApiError

__all__ = [
    "JobParam",
    "LatParam",
    "LonParam",
    "OffsetParam",
    "RadiusParam",
    "in_range",
    "page_rows",
    "require_pair",
]

#: the query parameters of a search around a point, the same on every route
LatParam = Annotated[float | None, Query(ge=-90, le=90)]
LonParam = Annotated[float | None, Query(ge=-180, le=180)]
RadiusParam = Annotated[float, Query(gt=0, le=1000)]
JobParam = Annotated[str | None, Query(max_length=64)]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def require_pair(lat: float | None, lon: float | None) -> None:
    """A point is both coordinates or neither."""
    if (lat is None) != (lon is None):
        raise ApiError(422, "invalid_request", "Donnez lat et lon ensemble.")


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
