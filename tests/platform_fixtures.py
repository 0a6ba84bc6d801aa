"""Platform fixtures: a seeded database, API keys, the platform server in-process or on a
real port. tests/platform_server/ and tests/bot/platform/ use them (their conftest.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.storage.db import upgrade as upgrade_assistant
from platform_api.models import PARIS
from platform_server.app import create_app as create_platform_server
from platform_server.auth import create_api_key
from platform_server.db import make_engine, make_session_factory, upgrade
from platform_server.seed import seed_demo
from platform_server.settings import PlatformSettings
from platform_server.tables import PlatformEvent
from tests.embedded_platform import PLATFORM_URL, InProcessPlatform

NATIONAL_KEY = "pk_nat_test-national-key-0123456789"


def candidate_ref(sender_id: str) -> str:
    """The pseudonym the assistant gives the person on the platform (bot/platform/refs.py),
    under the secret the tests' settings use."""
    from bot.platform.refs import CandidateRefs
    from bot.secret import app_secret

    return CandidateRefs(app_secret(Settings(_env_file=None))).ref(sender_id)  # type: ignore[call-arg]


@dataclass
class PlatformDb:
    url: str
    sessions: sessionmaker[Session]
    keys: dict[str, str]  # "33", "31", "national" (a key created in the database)
    today: date

    def event(self, event_id: str) -> PlatformEvent:
        with self.sessions() as session:
            return session.get_one(PlatformEvent, event_id)

    def set_seats(self, event_id: str, seats: int) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(PlatformEvent).where(PlatformEvent.id == event_id).values(seats_left=seats)
            )

    def add_event(self, event_id: str, starts_at: datetime, **fields: Any) -> None:
        """A copy of a seeded 33 event, at another time."""
        with self.sessions.begin() as session:
            model = session.scalar(select(PlatformEvent).where(PlatformEvent.departement == "33"))
            assert model is not None
            values = {
                c.name: getattr(model, c.key)
                for c in PlatformEvent.__table__.columns
                if c.name not in ("id", "created_at")
            }
            values.update(
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                seats_left=values["capacity"],
                **fields,
            )
            session.add(PlatformEvent(id=event_id, **values))


def paris_today() -> date:
    return datetime.now(UTC).astimezone(PARIS).date()


@pytest.fixture
def platform_db(database_url: str) -> Iterator[PlatformDb]:
    """One database for both, as by default: the platform's tables and the assistant's."""
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade_assistant(engine)
    sessions = make_session_factory(engine)
    today = paris_today()
    seed_demo(sessions, today)
    keys = {d: create_api_key(sessions, d) for d in ("33", "31")}
    keys["national"] = create_api_key(sessions, None, "test national")
    yield PlatformDb(database_url, sessions, keys, today)
    engine.dispose()


@pytest.fixture
def platform_settings(platform_db: PlatformDb) -> Settings:
    """The assistant's settings, pointed at the platform (in-process: see `inprocess`)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=platform_db.url,
        platform_url=PLATFORM_URL,
        platform_api_key=NATIONAL_KEY,  # type: ignore[arg-type]
        load_models=False,
    )


@pytest.fixture
def server_settings(platform_db: PlatformDb) -> PlatformSettings:
    """The platform server's settings: the same database, NATIONAL_KEY accepted."""
    return PlatformSettings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=platform_db.url,
        api_key=NATIONAL_KEY,  # type: ignore[arg-type]
    )


@pytest.fixture
def inprocess(platform_db: PlatformDb) -> InProcessPlatform:
    """The platform server as an httpx transport, for PlatformClient.from_settings."""
    return InProcessPlatform(platform_db.url, NATIONAL_KEY)


@pytest.fixture
def api(server_settings: PlatformSettings) -> Iterator[TestClient]:
    """The platform API in-process, at /platform/v1, with no key set by default."""
    with TestClient(create_platform_server(server_settings), base_url=PLATFORM_URL) as client:
        yield client


def key(platform_db: PlatformDb, who: str) -> dict[str, str]:
    return {"X-Platform-Key": platform_db.keys[who]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Runs `app` on a real uvicorn in a thread; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
