"""Helpers: a candidate with data everywhere (conversation, handoff, platform, outbox)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.storage.models import utcnow
from platform_server.tables import PlatformEvent
from tests.handoff.helpers import conversation_id, login, say, set_slots

AUTH = {"Authorization": "Bearer test-token"}


def assistant(client: TestClient) -> Any:
    app: Any = client.app
    return app.state.assistant


def count(client: TestClient, table: Any, *where: Any) -> int:
    with assistant(client).sessions() as session:
        query = select(func.count()).select_from(table)
        for clause in where:
            query = query.where(clause)
        return int(session.scalar(query) or 0)


def future_events(client: TestClient, n: int = 2) -> list[str]:
    with assistant(client).sessions() as session:
        return list(
            session.scalars(
                select(PlatformEvent.id)
                .where(PlatformEvent.departement == "33", PlatformEvent.starts_at > utcnow())
                .where(PlatformEvent.seats_left > 0)
                .order_by(PlatformEvent.starts_at)
                .limit(n)
            )
        )


def seats(client: TestClient, event_id: str) -> int:
    with assistant(client).sessions() as session:
        return session.get_one(PlatformEvent, event_id).seats_left


def full_candidate(client: TestClient, sender: str, event_id: str) -> None:
    """Slots, a handoff taken with a note (audited), a booking, an immersion, an outbox row."""
    set_slots(client, sender, departement="33", commune="Mérignac", jobs=["aes"], consent=True)
    say(client, sender, "/human_handoff")
    nadia = login(client, "nadia")
    cid = conversation_id(client, sender)
    nadia.post(f"/console/conversations/{cid}/take")
    nadia.post(f"/console/conversations/{cid}/notes", {"text": f"rappeler {sender}"})
    nadia.get(f"/console/conversations/{cid}")
    platform = assistant(client).services.platform
    portal: Any = client.portal
    portal.call(platform.book, event_id, sender, f"key-{sender}")
    portal.call(
        lambda: platform.request_immersion(
            sender, "aes", "Mérignac", departement="33", period_text="en janvier"
        )
    )
    assistant(client).outbox.put(sender, "rest", {"text": "rappel"})
