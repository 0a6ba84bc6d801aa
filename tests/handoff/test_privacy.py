"""STOP and erasure win over the handoff."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.handoff.tables import Handoff, HandoffNote
from tests.handoff.helpers import AUTH, conversation_id, login, say, set_slots, texts, tracker
from tests.pending import poll_pending


def _count(client: TestClient, table: Any) -> int:
    app: Any = client.app
    with app.state.assistant.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_no_message_to_a_person_who_sent_stop(client: TestClient) -> None:
    set_slots(client, "web:stop", departement="33")
    say(client, "web:stop", "/human_handoff")
    nadia = login(client, "nadia")
    cid = conversation_id(client, "web:stop")
    nadia.post(f"/console/conversations/{cid}/take")
    assert "ne recevrez plus" in texts(say(client, "web:stop", "/opt_out"))[0]
    before = tracker(client, "web:stop")["events"]

    refused = nadia.post(f"/console/conversations/{cid}/reply", {"text": "Vous êtes là ?"})
    assert refused.status_code == 409
    assert "STOP" in refused.text and "rien ne lui est envoyé" in refused.text
    assert "Vous êtes là ?" in refused.text  # the draft is kept
    assert tracker(client, "web:stop")["events"] == before
    assert poll_pending(client, "web:stop").json() == []
    page = nadia.get(f"/console/conversations/{cid}").text
    assert "a demandé à ne plus recevoir de messages" in page

    # a hand-back tells nobody either
    nadia.post(f"/console/conversations/{cid}/hand-back")
    assert poll_pending(client, "web:stop").json() == []


def test_erasure_removes_the_handoff_and_its_notes(client: TestClient) -> None:
    set_slots(client, "web:erase", departement="33")
    say(client, "web:erase", "/human_handoff")
    nadia = login(client, "nadia")
    cid = conversation_id(client, "web:erase")
    nadia.post(f"/console/conversations/{cid}/take")
    nadia.post(f"/console/conversations/{cid}/notes", {"text": "rappeler lundi"})
    assert _count(client, HandoffNote) == 1
    assert "efface tout" in texts(say(client, "web:erase", "/delete_data"))[0]
    assert "effacé" in texts(say(client, "web:erase", "/affirm"))[0]
    assert _count(client, Handoff) == 0 and _count(client, HandoffNote) == 0
    assert client.get("/conversations/web:erase/tracker", headers=AUTH).status_code == 404
    assert nadia.get(f"/console/conversations/{cid}").status_code == 404
