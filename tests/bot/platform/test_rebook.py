"""Cancel, then book the same event again: a new booking, not a replay (issue 18)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from bot.platform.client import PlatformClient
from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.platform_fixtures import PlatformDb

EVENT = "evt_demo31_000"


def _say(web: TestClient, sender: str, text: str) -> list[dict]:
    response = web.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert response.status_code == 200
    replies: list[dict] = response.json()
    return replies


def _book(web: TestClient, sender: str) -> str:
    _say(web, sender, f'/book_event{{"event_id": "{EVENT}"}}')
    return " ".join(r.get("text", "") for r in _say(web, sender, "/affirm"))


async def test_a_cancelled_booking_can_be_made_again(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    sender = "web:rebook-0123456789abcdef"
    app = assistant_app(platform_settings)
    with TestClient(app) as web:
        assert "inscrit" in _book(web, sender)
        async with PlatformClient.from_settings(
            platform_settings, transport=app.state.platform_transport
        ) as client:
            [booking] = await client.bookings(sender)
        payload = json.dumps({"booking_id": booking.id})
        cancelled = _say(web, sender, f"/cancel_booking{payload}")
        assert "annul" in " ".join(r.get("text", "") for r in cancelled)
        seats = platform_db.event(EVENT).seats_left
        again = _book(web, sender)
        async with PlatformClient.from_settings(
            platform_settings, transport=app.state.platform_transport
        ) as client:
            active = [b for b in await client.bookings(sender) if b.event.id == EVENT]
    assert "inscrit" in again
    assert len(active) == 1 and active[0].id != booking.id  # a new seat, not the old answer
    assert platform_db.event(EVENT).seats_left == seats - 1
