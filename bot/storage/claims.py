"""Claiming due rows of a work table (outbox, inbox, queued bookings) safely with
several worker processes: each claimed row is one caller's for a lease."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

__all__ = ["claim_due"]


def claim_due(
    session: Session,
    table: Any,
    waiting: ColumnElement[bool],
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> list[int]:
    """Ids of rows `waiting` and due (`next_attempt_at <= now`), oldest first, now
    claimed: their `next_attempt_at` moves to `now + lease` and `attempts` grows.

    `table` is a mapped class with `id`, `next_attempt_at` and `attempts`. Each
    row moves by compare-and-set, so two workers never claim the same one.
    """
    due = session.scalars(
        select(table.id)
        .where(waiting, table.next_attempt_at <= now)
        .order_by(table.id)
        .limit(limit)
    ).all()
    claimed: list[int] = []
    for row_id in due:
        moved = session.execute(
            update(table)
            .where(table.id == row_id, waiting, table.next_attempt_at <= now)
            .values(next_attempt_at=now + lease, attempts=table.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(row_id)
    return claimed
