"""Idempotency-Key: the first successful answer to a POST is stored and replayed.

The stored answer is written in the same transaction as the resource, so a
key either has both or neither. Same key + same body → the same answer, no
second resource; same key + another body → 422 `idempotency_key_reused`.
Refusals (4xx) are not stored: a retry is judged afresh.

A stored answer names its person (a booking's `candidate_ref`), so it is kept
only for `WINDOW` (72 h: longer than any retry) and purged by the next store,
and `DELETE /v1/candidates/{ref}` erases the ones that name that person.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy import Text, cast, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from platform_server.auth import Principal
from platform_server.errors import ApiError
from platform_server.tables import PlatformIdempotencyKey
from sqlkit.types import utcnow

__all__ = [
    "WINDOW",
    "IdempotencyKeyHeader",
    "Stored",
    "erase_for",
    "fingerprint",
    "once",
    "purge_expired",
    "replay",
    "scoped",
    "store",
]

#: how long a stored answer is replayed; older ones are purged.
WINDOW = timedelta(hours=72)

_VALID = re.compile(r"^[\x21-\x7e]{1,200}$")

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="a unique key per intended operation (e.g. a UUID); retries reuse it",
        # documented only: a key out of these bounds is refused with 400 invalid_idempotency_key
        json_schema_extra={"pattern": _VALID.pattern, "maxLength": 200},
    ),
]


@dataclass(frozen=True, slots=True)
class Stored:
    status_code: int
    body: dict[str, Any]

    def response(self, replayed: bool) -> JSONResponse:
        headers = {"Idempotent-Replayed": "true"} if replayed else None
        return JSONResponse(self.body, self.status_code, headers=headers)


def scoped(principal: Principal, key: str | None, *, required: bool) -> str | None:
    if key is None:
        if required:
            raise ApiError(
                400, "idempotency_key_required", "L'en-tête Idempotency-Key est obligatoire."
            )
        return None
    if not _VALID.match(key):
        raise ApiError(
            400, "invalid_idempotency_key", "Idempotency-Key : 1 à 200 caractères ASCII visibles."
        )
    return f"{principal.scope}|{key}"


def fingerprint(operation: str, body: dict[str, Any]) -> str:
    canonical = json.dumps([operation, body], sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replay(sessions: sessionmaker[Session], scoped_key: str, print_: str) -> Stored | None:
    with sessions() as session:
        row = session.get(PlatformIdempotencyKey, scoped_key)
        if row is None:
            return None
        if row.fingerprint != print_:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "Cette Idempotency-Key a déjà servi pour une autre requête.",
            )
        return Stored(row.status_code, dict(row.response))


def store(session: Session, scoped_key: str, print_: str, result: Stored) -> None:
    session.add(
        PlatformIdempotencyKey(
            scoped_key=scoped_key,
            fingerprint=print_,
            status_code=result.status_code,
            response=result.body,
        )
    )
    purge_expired(session)


def once(
    sessions: sessionmaker[Session],
    scoped_key: str | None,
    print_: str,
    create: Callable[[Session], Stored],
) -> tuple[Stored, bool]:
    """(answer, replayed): the answer stored for the key, else `create`'s, made and
    stored under the key in one transaction. What `create` raises (or a collision on
    commit) is raised again, unless a concurrent twin with the same key won meanwhile:
    its answer is then ours."""
    if scoped_key is not None:
        previous = replay(sessions, scoped_key, print_)
        if previous is not None:
            return previous, True
    try:
        with sessions.begin() as session:
            result = create(session)
            if scoped_key is not None:
                store(session, scoped_key, print_, result)
    except (ApiError, IntegrityError):
        previous = replay(sessions, scoped_key, print_) if scoped_key is not None else None
        if previous is None:
            raise
        return previous, True
    return result, False


def purge_expired(session: Session) -> int:
    """Deletes the stored answers older than WINDOW; how many."""
    cutoff = utcnow() - WINDOW
    gone = session.execute(
        delete(PlatformIdempotencyKey).where(PlatformIdempotencyKey.created_at < cutoff)
    )
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]


def _names(value: Any, ref: str) -> bool:
    if isinstance(value, dict):
        return any(_names(v, ref) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, ref) for v in value)
    return value == ref


def erase_for(session: Session, candidate_ref: str) -> int:
    """Deletes the stored answers that name this person (in the body or the key)."""
    escaped = candidate_ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    rows = session.scalars(
        select(PlatformIdempotencyKey).where(
            or_(
                cast(PlatformIdempotencyKey.response, Text).like(pattern, escape="\\"),
                PlatformIdempotencyKey.scoped_key.like(pattern, escape="\\"),
            )
        )
    ).all()
    erased = 0
    for row in rows:
        if _names(row.response, candidate_ref) or candidate_ref in row.scoped_key:
            session.delete(row)
            erased += 1
    return erased
