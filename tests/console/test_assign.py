"""Assignment: a conversation is handed to a colleague of the team, who finds it
under "Les miennes"; only its holder (or an admin) may hand it on."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.handoff.helpers import conversation_id, login, say, set_slots, tracker


def _id(client: TestClient, first_name: str) -> int:
    app: Any = client.app
    return next(c.id for c in app.state.console.accounts.team("33") if c.first_name == first_name)


def test_a_conversation_is_handed_to_a_colleague(client: TestClient) -> None:
    app: Any = client.app
    set_slots(client, "web:confie", departement="33")
    say(client, "web:confie", "/human_handoff")
    cid = conversation_id(client, "web:confie")
    nadia = login(client, "nadia")
    assert "Confier à" in nadia.get(f"/console/conversations/{cid}").text
    given = nadia.post(
        f"/console/conversations/{cid}/assign", {"counsellor_id": _id(client, "Julien")}
    )
    assert given.status_code == 303
    handoff = app.state.console.handoffs.active("web:confie")
    assert (handoff.state, handoff.taken_by_name) == ("taken", "Julien")
    assert tracker(client, "web:confie")["slots"]["handoff"] == "taken"  # the assistant is silent

    julien = login(client, "julien")
    assert "Personne …nfie" in julien.get("/console", params={"view": "mine"}).text
    # Nadia no longer holds it: she cannot hand it on
    again = nadia.post(
        f"/console/conversations/{cid}/assign", {"counsellor_id": _id(client, "Nadia")}
    )
    assert again.status_code == 409 and "Julien a déjà pris" in again.text
    back = julien.post(
        f"/console/conversations/{cid}/assign", {"counsellor_id": _id(client, "Nadia")}
    )
    assert back.status_code == 303
    assert app.state.console.handoffs.active("web:confie").taken_by_name == "Nadia"

    # to someone outside the team, or to nobody: refused; another team does not see it
    sophie_id = next(c.id for c in app.state.console.accounts.team("59"))
    outside = nadia.post(f"/console/conversations/{cid}/assign", {"counsellor_id": sophie_id})
    assert outside.status_code == 404
    sophie = login(client, "sophie")
    assert (
        sophie.post(
            f"/console/conversations/{cid}/assign", {"counsellor_id": sophie_id}
        ).status_code
        == 404
    )
