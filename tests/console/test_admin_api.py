"""GET /api/handoffs?status=open: the contract's shape, behind the admin token."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.handoff.helpers import AUTH, conversation_id, login, say, set_slots

CONTRACT = {"sender_id", "channel", "departement", "created_at", "reason"}


def test_open_handoffs_in_the_contract_shape(client: TestClient) -> None:
    set_slots(client, "web:a", departement="33")
    say(client, "web:a", "/human_handoff")
    set_slots(client, "web:b", departement="59")
    say(client, "web:b", "/human_handoff")
    say(client, "web:c", "/help")  # no handoff

    response = client.get("/api/handoffs?status=open", headers=AUTH)
    assert response.status_code == 200
    rows = response.json()
    assert [r["sender_id"] for r in rows] == ["web:a", "web:b"]  # oldest first
    for row in rows:
        assert set(row) >= CONTRACT
        assert row["channel"] == "rest" and row["reason"] == "asked"
        assert datetime.fromisoformat(row["created_at"]).tzinfo is not None
    assert [r["departement"] for r in rows] == ["33", "59"]
    default = client.get("/api/handoffs", headers=AUTH).json()  # open by default
    assert [r["id"] for r in default] == [r["id"] for r in rows]

    nadia = login(client, "nadia")
    nadia.post(f"/console/conversations/{conversation_id(client, 'web:a')}/take")
    assert [
        r["sender_id"] for r in client.get("/api/handoffs?status=open", headers=AUTH).json()
    ] == ["web:b"]
    taken = client.get("/api/handoffs?status=taken", headers=AUTH).json()
    assert taken[0]["taken_by"] == "Nadia" and taken[0]["wait_seconds"] >= 0


def test_the_admin_api_needs_the_token(client: TestClient) -> None:
    assert client.get("/api/handoffs?status=open").status_code == 401
    wrong = client.get("/api/handoffs?status=open", headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401
    assert client.get("/api/handoffs?status=bogus", headers=AUTH).status_code == 422


def test_pending_refuses_signed_channels(client: TestClient) -> None:
    for sender in ("sms:+33612345678", "tg:12345"):
        response = client.post("/webhooks/rest/token", json={"sender": sender})
        assert response.status_code == 422
