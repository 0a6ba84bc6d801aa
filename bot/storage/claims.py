"""The work tables (outbox, inbox, queued bookings): a row is queued once
(`insert_once`), and claimed safely with several worker processes (`claim_due`):
each claimed row is one caller's for a lease; a failed one is retried later, or
given up (`retry_later`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sqlkit.types import utcnow

__all__ = ["WorkQueue", "claim_due", "insert_once", "retry_later"]

Row = TypeVar("Row")
Item = TypeVar("Item")


def insert_once(sessions: sessionmaker[Session], row: object) -> bool:
    """Adds `row` in its own transaction; False when a unique key already holds it
    (a redelivered message, a reminder or a booking already queued)."""
    try:
        with sessions.begin() as session:
            session.add(row)
    except IntegrityError:
        return False
    return True


def claim_due(
    sessions: sessionmaker[Session],
    table: type[Row],
    waiting: ColumnElement[bool],
    take: Callable[[Row], Item | None],
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> list[Item]:
    """Rows `waiting` and due (`next_attempt_at <= now`), oldest first, claimed in one
    transaction: their `next_attempt_at` moves to `now + lease` and `attempts` grows.
    `take` turns each claimed row into what the caller keeps (None: nothing), inside
    that transaction, so it may also change the row.

    `table` is a mapped class with `id`, `next_attempt_at` and `attempts`. Each
    row moves by compare-and-set, so two workers never claim the same one.
    """
    mapped: Any = table
    with sessions.begin() as session:
        due = session.scalars(
            select(mapped.id)
            .where(waiting, mapped.next_attempt_at <= now)
            .order_by(mapped.id)
            .limit(limit)
        ).all()
        claimed: list[Item] = []
        for row_id in due:
            moved = session.execute(
                update(mapped)
                .where(mapped.id == row_id, waiting, mapped.next_attempt_at <= now)
                .values(next_attempt_at=now + lease, attempts=mapped.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount == 1:  # type: ignore[attr-defined]
                item = take(session.get_one(table, row_id))
                if item is not None:
                    claimed.append(item)
        return claimed


def retry_later(
    sessions: sessionmaker[Session],
    table: type[Row],
    row_id: int,
    error: str,
    *,
    max_attempts: int,
    first_delay_s: float,
    max_delay_s: float,
    now: datetime,
) -> bool:
    """Records `error` on a claimed row that failed, and either gives up (`status`
    "failed", True) once it has had `max_attempts`, or makes it due again after an
    exponential backoff (`first_delay_s` doubled per attempt, at most `max_delay_s`)."""
    with sessions.begin() as session:
        row: Any = session.get_one(table, row_id)
        row.last_error = error[:2000]
        if row.attempts >= max_attempts:
            row.status = "failed"
            return True
        delay = min(max_delay_s, first_delay_s * 2**row.attempts)
        row.next_attempt_at = now + timedelta(seconds=delay)
    return False


class WorkQueue(Generic[Item]):
    """A work table's queue: rows `status == "pending"` are claimed (`claim_due`),
    retried with backoff (`retry`) and counted (`depth`). A subclass names its
    mapped `table`, its backoff, and turns a claimed row into its `item`."""

    table: ClassVar[Any]
    first_delay_s: ClassVar[float]
    max_delay_s: ClassVar[float]

    def __init__(self, sessions: sessionmaker[Session], max_attempts: int) -> None:
        self._sessions = sessions
        self.max_attempts = max_attempts

    def item(self, row: Any) -> Item:
        raise NotImplementedError

    def claim_due(
        self,
        limit: int = 20,
        lease: timedelta = timedelta(minutes=2),
        now: datetime | None = None,
    ) -> list[Item]:
        """Due rows; a claimed one is invisible to other workers for `lease`."""
        return claim_due(
            self._sessions,
            self.table,
            self.table.status == "pending",
            self.item,
            now=now or utcnow(),
            lease=lease,
            limit=limit,
        )

    def retry(self, item_id: int, error: str) -> bool:
        """Backs off exponentially (`first_delay_s` → `max_delay_s`); True when it gave up."""
        return retry_later(
            self._sessions,
            self.table,
            item_id,
            error,
            max_attempts=self.max_attempts,
            first_delay_s=self.first_delay_s,
            max_delay_s=self.max_delay_s,
            now=utcnow(),
        )

    def depth(self) -> int:
        """How many rows wait."""
        with self._sessions() as session:
            count = session.scalar(
                select(func.count(self.table.id)).where(self.table.status == "pending")
            )
        return count or 0

    def _set(self, item_id: int, **values: object) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(self.table)
                .where(self.table.id == item_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
