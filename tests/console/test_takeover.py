"""Two counsellors, one conversation: exactly one holds it."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient

from bot.handoff import Actor
from tests.handoff.helpers import conversation_id, login, say, set_slots, tracker


def test_the_second_counsellor_is_told_who_holds_it(client: TestClient) -> None:
    set_slots(client, "web:two", departement="33")
    say(client, "web:two", "/human_handoff")
    cid = conversation_id(client, "web:two")
    nadia, julien = login(client, "nadia"), login(client, "julien")
    assert nadia.post(f"/console/conversations/{cid}/take").status_code == 303
    second = julien.post(f"/console/conversations/{cid}/take")
    assert second.status_code == 409 and "Nadia a déjà pris cette conversation" in second.text
    reply = julien.post(f"/console/conversations/{cid}/reply", {"text": "Moi aussi"})
    assert reply.status_code == 409 and "Nadia" in reply.text
    assert julien.post(f"/console/conversations/{cid}/hand-back").status_code == 409
    page = julien.get(f"/console/conversations/{cid}").text
    assert "Nadia tient cette conversation" in page
    events = tracker(client, "web:two")["events"]
    assert [e["value"] for e in events if e["event"] == "slot" and e["name"] == "handoff"] == [
        "open",
        "taken",
    ]
    # a platform admin may close it
    assert login(client, "admin33").post(f"/console/conversations/{cid}/close").status_code == 303
    assert tracker(client, "web:two")["slots"]["handoff"] is None


def test_simultaneous_take_overs_have_one_winner(client: TestClient) -> None:
    set_slots(client, "web:race", departement="33")
    say(client, "web:race", "/human_handoff")
    app: Any = client.app
    service = app.state.console.service
    handoff = service.handoffs.active("web:race")

    async def race() -> list[str]:
        outcomes = await asyncio.gather(
            *(service.take(handoff, Actor(100 + i, f"C{i}")) for i in range(8))
        )
        return [o.status for o in outcomes]

    statuses = client.portal.call(race) if hasattr(client, "portal") and client.portal else None
    if statuses is None:  # pragma: no cover - TestClient always has a portal inside `with`
        statuses = asyncio.run(race())
    assert statuses.count("ok") == 1 and statuses.count("taken_by_other") == 7
    slots = [e for e in tracker(client, "web:race")["events"] if e.get("name") == "handoff"]
    assert [e["value"] for e in slots] == ["open", "taken"]
