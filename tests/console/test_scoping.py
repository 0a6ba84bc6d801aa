"""A counsellor sees and touches only their team's conversations."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.handoff.helpers import AUTH, conversation_id, login, say, set_slots
from tests.pending import poll_pending


def test_a_gironde_counsellor_gets_404_for_a_nord_conversation(client: TestClient) -> None:
    set_slots(client, "web:lille", departement="59", commune="Lille")
    say(client, "web:lille", "/human_handoff")
    cid = conversation_id(client, "web:lille")
    sophie = login(client, "sophie")  # Nord
    assert sophie.get(f"/console/conversations/{cid}").status_code == 200
    assert "Lille" in sophie.get("/console").text

    for who in ("nadia", "admin33", "camille"):
        other = login(client, who)
        assert "Lille" not in other.get("/console").text
        for path in ("", "/transcript", "/state"):
            assert other.get(f"/console/conversations/{cid}{path}").status_code == 404
        for action, form in (
            ("take", {}),
            ("reply", {"text": "coucou"}),
            ("hand-back", {}),
            ("close", {}),
            ("notes", {"text": "x"}),
            ("immersions/imm_x", {"decision": "validated"}),
        ):
            response = other.post(f"/console/conversations/{cid}/{action}", form)
            assert response.status_code == 404, (who, action)
    # nothing changed for the person
    open_ = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    assert [h["sender_id"] for h in open_] == ["web:lille"]
    assert poll_pending(client, "web:lille").json() == []


def test_unknown_conversations_are_404_too(client: TestClient) -> None:
    nadia = login(client, "nadia")
    assert nadia.get("/console/conversations/999").status_code == 404
    assert nadia.get("/console/conversations/abc").status_code == 422


def test_the_audit_log_is_for_platform_admins_of_the_team(client: TestClient) -> None:
    set_slots(client, "web:audit", departement="33")
    say(client, "web:audit", "/human_handoff")
    cid = conversation_id(client, "web:audit")
    nadia = login(client, "nadia")
    nadia.get(f"/console/conversations/{cid}")
    nadia.post(f"/console/conversations/{cid}/reply", {"text": "Bonjour"})
    assert nadia.get("/console/audit").status_code == 403
    admin = login(client, "admin33")
    page = admin.get("/console/audit")
    assert page.status_code == 200
    assert "read_conversation" in page.text and "reply" in page.text
    assert "nadia@example.org" in page.text
    assert login(client, "sophie").get("/console").status_code == 200
    assert "web:…udit" not in login(client, "sophie").get("/console/audit").text
