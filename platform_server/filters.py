"""Query filters the list endpoints share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement

from platform_server.errors import ApiError

__all__ = ["in_range"]


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
