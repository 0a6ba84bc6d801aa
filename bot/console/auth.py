"""Counsellor accounts, sessions and CSRF.

Passwords are hashed with argon2id (argon2-cffi). A session is a random token
in an HttpOnly, SameSite=Lax cookie (Secure unless AUTONOMIE_PUBLIC_URL is
http://localhost: local development); only its SHA-256 is stored, with an
absolute and an idle expiry; a new password ends the account's sessions. Every
POST carries the session's CSRF token (synchronizer token; the login form uses
a double-submit cookie, there being no session yet).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.tables import ROLES, AuditEntry, ConsoleSession, Counsellor
from bot.handoff.service import Actor
from bot.storage.models import utcnow
from sqlkit.db import select_all

__all__ = [
    "FREE_ATTEMPTS",
    "Accounts",
    "CurrentUser",
    "hash_password",
    "normalise_email",
]

_hasher = PasswordHasher()
#: verified when the e-mail is unknown, so that timing does not tell who has an account:
#: the hash of a random password nobody kept, with the hasher's parameters (a test checks
#: them); a constant, because hashing one at import cost every process 0.4 s of CPU
DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$nC7b7HP5aUdInQIo70C9ow"
    "$bNgWkXA1kJsdApCZcFLsiNIktIWtaccxW9TeK1SmsWY"
)
#: failed logins of an account allowed without waiting; then each one doubles the wait
#: before the next try (1 s, 2 s, 4 s... up to MAX_DELAY): slows a guesser, never locks
#: the counsellor out for long (anyone can fail on purpose).
FREE_ATTEMPTS = 3
MAX_DELAY = timedelta(minutes=2)
LOGIN_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    email: str
    first_name: str
    team: str
    role: str
    csrf_token: str
    session_id: str

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.first_name, self.role)

    @property
    def admin(self) -> bool:
        return self.role == "platform_admin"


class Accounts:
    def __init__(
        self, sessions: sessionmaker[Session], *, lifetime: timedelta, idle: timedelta
    ) -> None:
        self._sessions = sessions
        self.lifetime = lifetime
        self.idle = idle

    def create(
        self, email: str, first_name: str, departement: str, role: str, password: str
    ) -> Counsellor:
        """Creates the account, or resets its password, name, team and role."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        email = normalise_email(email)
        if "@" not in email or not first_name.strip() or not departement.strip():
            raise ValueError("an e-mail, a first name and a département are needed")
        with self._sessions.begin() as session:
            account = session.scalar(select(Counsellor).where(Counsellor.email == email))
            if account is None:
                account = Counsellor(email=email, created_at=utcnow())
                session.add(account)
            account.first_name = first_name.strip()
            account.departement = departement.strip().upper()
            if account.departement == "NATIONAL":
                account.departement = "national"
            account.role = role
            account.password_hash = hash_password(password)
            account.active = True
            session.flush()
            # a new password ends every session opened with the old one
            session.execute(
                delete(ConsoleSession).where(ConsoleSession.counsellor_id == account.id)
            )
            return account

    def login_delay(self, email: str) -> float:
        """Seconds before this account may try again (0: now)."""
        now = utcnow()
        with self._sessions() as session:
            count, last = session.execute(
                select(func.count(AuditEntry.id), func.max(AuditEntry.at)).where(
                    AuditEntry.action == "login_failed",
                    AuditEntry.actor == normalise_email(email),
                    AuditEntry.at >= now - LOGIN_WINDOW,
                )
            ).one()
        if not count or count < FREE_ATTEMPTS or last is None:
            return 0.0
        delay = min(2.0 ** (count - FREE_ATTEMPTS), MAX_DELAY.total_seconds())
        if last.tzinfo is None:  # SQLite gives naive UTC
            last = last.replace(tzinfo=now.tzinfo)
        return max(0.0, (last - now).total_seconds() + delay)

    def authenticate(self, email: str, password: str) -> Counsellor | None:
        with self._sessions.begin() as session:
            account = session.scalar(
                select(Counsellor).where(
                    Counsellor.email == normalise_email(email), Counsellor.active.is_(True)
                )
            )
            try:
                _hasher.verify(account.password_hash if account else DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if account is None:
                return None
            if _hasher.check_needs_rehash(account.password_hash):
                account.password_hash = _hasher.hash(password)
            account.last_login_at = utcnow()
            return account

    def team(self, team: str) -> list[Counsellor]:
        """The team's active accounts, by first name."""
        return select_all(
            self._sessions,
            select(Counsellor)
            .where(Counsellor.departement == team, Counsellor.active.is_(True))
            .order_by(Counsellor.first_name, Counsellor.id),
        )

    def start_session(self, account: Counsellor) -> str:
        """A new session (never reused: no fixation); returns the cookie's token."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with self._sessions.begin() as session:
            session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
            session.add(
                ConsoleSession(
                    id=_digest(token),
                    counsellor_id=account.id,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=now,
                    expires_at=now + self.lifetime,
                    last_seen_at=now,
                )
            )
        return token

    def user(self, token: str | None, *, touch: bool = True) -> CurrentUser | None:
        """The session's user, or None when unknown, expired or idle too long."""
        if not token:
            return None
        now = utcnow()
        with self._sessions.begin() as session:
            found = session.execute(
                select(ConsoleSession, Counsellor)
                .join(Counsellor)
                .where(ConsoleSession.id == _digest(token))
            ).first()
            if found is None:
                return None
            row, account = found
            if row.expires_at <= now or row.last_seen_at + self.idle <= now or not account.active:
                session.delete(row)
                return None
            if touch and (now - row.last_seen_at) > timedelta(seconds=30):
                row.last_seen_at = now
            return CurrentUser(
                account.id,
                account.email,
                account.first_name,
                account.departement,
                account.role,
                row.csrf_token,
                row.id,
            )

    def end_session(self, token: str | None) -> None:
        if token:
            with self._sessions.begin() as session:
                session.execute(delete(ConsoleSession).where(ConsoleSession.id == _digest(token)))

    def expire_session_now(self, token: str) -> None:
        """Tests and admins: the session ends now."""
        with self._sessions.begin() as session:
            row = session.get(ConsoleSession, _digest(token))
            if row is not None:
                row.expires_at = utcnow() - timedelta(seconds=1)

    @staticmethod
    def csrf_ok(expected: str, given: str | None) -> bool:
        return bool(given) and secrets.compare_digest(expected.encode(), (given or "").encode())

    @staticmethod
    def now() -> datetime:
        return utcnow()
