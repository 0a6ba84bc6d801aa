"""The assistant's server carries the platform at /platform unless a URL is configured."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.platform.client import PlatformClient
from bot.settings import Settings
from tests.bot.platform.conftest import NATIONAL_KEY, PlatformDb


async def test_the_assistant_mounts_the_platform_and_its_client_talks_http_to_it(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    app = create_app(platform_settings)
    with TestClient(app) as web:
        assert web.get("/platform/v1/health").json()["status"] == "ok"
        spec = web.get("/platform/openapi.json").json()
        assert spec["openapi"].startswith("3.")
        assert {"/v1/bookings", "/v1/events", "/v1/immersion-requests"} <= set(spec["paths"])
        assert "APIKeyHeader" in spec["components"]["securitySchemes"]
        headers = {"X-Platform-Key": NATIONAL_KEY}
        assert web.get("/platform/v1/platforms/33", headers=headers).status_code == 200

    seen: list[httpx.Request] = []

    class Spy(httpx.ASGITransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return await super().handle_async_request(request)

    async with PlatformClient.from_settings(
        platform_settings, platform_app=app, transport=Spy(app=app)
    ) as client:
        booking = await client.book("evt_demo31_000", "fatou", "emb-1")
        assert [b.id for b in await client.bookings("fatou")] == [booking.id]
    assert [r.url.path for r in seen] == ["/platform/v1/bookings", "/platform/v1/bookings"]
    assert seen[0].headers["X-Platform-Key"] == NATIONAL_KEY


async def test_without_a_configured_key_the_in_process_client_gets_one(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    keyless = platform_settings.model_copy(update={"platform_api_key": None})
    async with PlatformClient.from_settings(keyless) as client:
        assert (await client.platform_for("33")) is not None
        assert await client.platform_for("40") is None
        nearest = await client.team_for("40", 43.8938, -0.4998)  # Landes → Gironde
        assert nearest is not None and nearest.departement == "33"
    with TestClient(create_app(keyless)) as web:  # but nobody else can use it
        assert web.get("/platform/v1/platforms/33").status_code == 401


async def test_the_default_team_takes_departements_without_a_platform(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    routed = platform_settings.model_copy(update={"default_team_departement": "91"})
    async with PlatformClient.from_settings(routed) as client:
        assert (await client.team_for("40", 43.8938, -0.4998)).departement == "91"  # type: ignore[union-attr]
        assert (await client.team_for("31")).departement == "31"  # type: ignore[union-attr]


def test_with_a_platform_url_nothing_is_mounted(settings: Settings) -> None:
    remote = settings.model_copy(update={"platform_url": "http://platform.example"})
    with TestClient(create_app(remote)) as web:
        assert web.get("/platform/v1/health").status_code == 404
