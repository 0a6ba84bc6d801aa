"""API keys: one per platform, plus national keys that may act for any platform.

A key is `pk_<département or nat>_<43 random characters>` (256 bits). Only its
SHA-256 is stored: a key this random needs no slow hash, and the lookup is a
unique-index probe on the digest. National keys given in the settings are kept
in memory, hashed too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from platform_server.errors import ApiError
from platform_server.tables import PlatformApiKey, PlatformRecord
from sqlkit.types import utcnow

__all__ = [
    "KeyRing",
    "Principal",
    "PrincipalDep",
    "create_api_key",
    "hash_key",
    "revoke_api_key",
]


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a platform (sees its own data) or a national caller (sees all)."""

    label: str
    platform_id: int | None = None
    departement: str | None = None

    @property
    def national(self) -> bool:
        return self.platform_id is None

    @property
    def scope(self) -> str:
        return "national" if self.platform_id is None else f"platform:{self.platform_id}"

    def may_access(self, platform_id: int) -> bool:
        return self.platform_id is None or self.platform_id == platform_id


class KeyRing:
    def __init__(
        self, sessions: Callable[[], sessionmaker[Session]], national_keys: Iterable[str] = ()
    ) -> None:
        self._sessions = sessions
        self._national = [hash_key(k) for k in national_keys if k]

    def authenticate(self, key: str) -> Principal | None:
        digest = hash_key(key)
        if any(hmac.compare_digest(digest, known) for known in self._national):
            return Principal(label="national (settings)")
        sessions = self._sessions()
        with sessions() as session:
            row = session.execute(
                select(PlatformApiKey, PlatformRecord.departement)
                .outerjoin(PlatformRecord, PlatformApiKey.platform_id == PlatformRecord.id)
                .where(PlatformApiKey.key_hash == digest, PlatformApiKey.revoked_at.is_(None))
            ).first()
        if row is None:
            return None
        record, departement = row
        return Principal(record.label, record.platform_id, departement)


def create_api_key(
    sessions: sessionmaker[Session], departement: str | None, label: str | None = None
) -> str:
    """Creates a key (departement None: national) and returns it; it is shown only once."""
    key = f"pk_{departement or 'nat'}_{secrets.token_urlsafe(32)}"
    with sessions.begin() as session:
        platform_id = None
        if departement is not None:
            platform_id = session.scalar(
                select(PlatformRecord.id).where(PlatformRecord.departement == departement)
            )
            if platform_id is None:
                raise LookupError(f"no platform for département {departement}")
        session.add(
            PlatformApiKey(
                platform_id=platform_id,
                label=label or (f"platform {departement}" if departement else "national"),
                prefix=key[:12],
                key_hash=hash_key(key),
            )
        )
    return key


def revoke_api_key(sessions: sessionmaker[Session], key: str) -> bool:
    with sessions.begin() as session:
        row = session.scalar(select(PlatformApiKey).where(PlatformApiKey.key_hash == hash_key(key)))
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
    return True


_key_header = APIKeyHeader(
    name="X-Platform-Key", auto_error=False, description="the platform's (or national) API key"
)
_bearer = HTTPBearer(auto_error=False, description="the same key, as `Bearer <key>`")


def _principal(
    request: Request,
    header_key: Annotated[str | None, Security(_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Principal:
    key = (header_key or "").strip() or (bearer.credentials.strip() if bearer else "")
    keys: KeyRing = request.app.state.platform.keys
    principal = keys.authenticate(key) if key else None
    if principal is None:
        raise ApiError(
            401,
            "unauthorized",
            "Clé d'API absente ou invalide (en-tête X-Platform-Key ou Authorization: Bearer).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


PrincipalDep = Annotated[Principal, Depends(_principal)]
