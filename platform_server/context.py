"""What the platform routes share: sessions, keys and a clock (app.state.platform)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from platform_server.auth import KeyRing
from platform_server.db import make_engine, make_session_factory
from sqlkit.types import utcnow

__all__ = ["ContextDep", "PlatformContext", "new_id"]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


class PlatformContext:
    """Sessions on the given factory, or on an engine made at first use (and owned)."""

    def __init__(
        self,
        *,
        database_url: str,
        sessions: sessionmaker[Session] | None = None,
        national_keys: list[str],
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database_url = database_url
        self._sessions = sessions
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self.keys = KeyRing(lambda: self.sessions, national_keys)
        self.now = now

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            with self._lock:
                if self._sessions is None:
                    self._engine = make_engine(self._database_url)
                    self._sessions = make_session_factory(self._engine)
        return self._sessions

    @property
    def engine(self) -> Engine:
        bind = self.sessions.kw["bind"]
        assert isinstance(bind, Engine)
        return bind

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _context(request: Request) -> PlatformContext:
    context: PlatformContext = request.app.state.platform
    return context


ContextDep = Annotated[PlatformContext, Depends(_context)]
