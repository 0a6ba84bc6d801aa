"""The reference platform in the test's own process, reached over HTTP semantics
(httpx.ASGITransport: the same requests, headers, JSON and errors as over a socket,
no table access). `autonomie serve` runs it as a child process instead
(tests/bot/platform/test_process.py)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.app import create_app
from bot.settings import Settings
from platform_server.app import create_app as create_platform_server
from platform_server.db import make_engine, upgrade
from platform_server.settings import PlatformSettings

__all__ = [
    "PLATFORM_KEY",
    "PLATFORM_URL",
    "InProcessPlatform",
    "assistant_app",
    "platform_client",
    "pointed",
]

PLATFORM_URL = "http://platform.test"
PLATFORM_KEY = "pk_nat_test-assistant-key-0123456789"


class InProcessPlatform(httpx.ASGITransport):
    """The platform server's app on `database_url` (its migrations applied), accepting
    `api_key` as a national key."""

    def __init__(
        self,
        database_url: str,
        api_key: str = PLATFORM_KEY,
        *,
        migrate: bool = True,
        **settings: Any,
    ) -> None:
        if migrate:  # what the server's lifespan does, which ASGITransport skips
            engine = make_engine(database_url)
            try:
                upgrade(engine)
            finally:
                engine.dispose()
        server_settings = PlatformSettings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            api_key=api_key,  # type: ignore[arg-type]
            **settings,
        )
        self.app = create_platform_server(server_settings)
        super().__init__(app=self.app)

    async def aclose(self) -> None:
        self.app.state.platform.close()


def pointed(settings: Settings) -> Settings:
    """`settings` pointed at the in-process platform (unless they name another one)."""
    if settings.platform_url:
        return settings
    key = settings.platform_api_key.get_secret_value() if settings.platform_api_key else None
    return settings.model_copy(
        update={"platform_url": PLATFORM_URL, "platform_api_key": SecretStr(key or PLATFORM_KEY)}
    )


def assistant_app(settings: Settings) -> FastAPI:
    """The assistant's app, with the reference platform on the same database."""
    settings = pointed(settings)
    if settings.platform_url != PLATFORM_URL:
        return create_app(settings)
    assert settings.platform_api_key is not None
    transport = InProcessPlatform(
        settings.database_url, settings.platform_api_key.get_secret_value()
    )
    return create_app(settings, platform_transport=transport)


def platform_client(app: FastAPI) -> TestClient:
    """A synchronous client of the platform an `assistant_app` talks to."""
    transport = app.state.platform_transport
    assert isinstance(transport, InProcessPlatform)
    return TestClient(transport.app, base_url=PLATFORM_URL)
