"""RGPD: erase and export everything held on a person, 404 for strangers."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.console.tables import AuditEntry
from bot.handoff.tables import Handoff, HandoffNote
from bot.privacy import pseudonym, pseudonym_key, redact
from bot.storage.models import (
    Candidate,
    Conversation,
    ConversationEvent,
    OutboxMessage,
)
from platform_server.tables import PlatformBooking, PlatformImmersionRequest
from tests.admin.helpers import AUTH, assistant, count, full_candidate, future_events, seats
from tests.handoff.helpers import say, texts
from tests.platform_fixtures import candidate_ref

TABLES = (
    Conversation,
    ConversationEvent,
    Candidate,
    OutboxMessage,
    Handoff,
    HandoffNote,
    PlatformBooking,
    PlatformImmersionRequest,
    AuditEntry,
)


def _snapshot(client: TestClient) -> dict[str, int]:
    return {t.__tablename__: count(client, t) for t in TABLES}


def test_export_then_erase_everything_held_on_a_person(client: TestClient) -> None:
    mine, theirs = future_events(client)
    free = seats(client, mine)
    full_candidate(client, "web:amina", mine)
    full_candidate(client, "web:other", theirs)
    assert seats(client, mine) == free - 1
    audited = count(client, AuditEntry, AuditEntry.sender_id == "web:amina")
    assert audited > 0

    data = client.get("/api/candidates/web:amina/export", headers=AUTH)
    assert data.status_code == 200
    body = data.json()
    assert body["sender_id"] == "web:amina"
    assert body["slots"]["commune"] == "Mérignac" and body["tracker"]["events"]
    assert [b["event_id"] for b in body["bookings"]] == [mine]
    assert body["immersion_requests"][0]["job"] == "aes"
    assert body["handoffs"] and body["handoff_notes"][0]["text"] == "rappeler web:amina"
    assert body["outbox"][0]["payload"] == {"text": "rappel"}
    assert len(body["console_access_log"]) == audited
    assert "web:other" not in data.text
    others = _snapshot(client)

    erased = client.delete("/api/candidates/web:amina", headers=AUTH)
    assert erased.status_code == 200, erased.text
    report = erased.json()
    assert report["status"] == "erased" and report["cancelled_bookings"] == 1
    assert report["audit_entries_pseudonymised"] == audited

    assert seats(client, mine) == free  # the seat is given back
    sender = "web:amina"
    assert count(client, Conversation, Conversation.sender_id == sender) == 0
    assert count(client, Candidate, Candidate.sender_id == sender) == 0
    assert count(client, OutboxMessage, OutboxMessage.sender_id == sender) == 0
    assert count(client, Handoff, Handoff.sender_id == sender) == 0
    assert (
        count(client, PlatformBooking, PlatformBooking.candidate_ref == candidate_ref(sender)) == 0
    )
    ref = PlatformImmersionRequest.candidate_ref
    assert count(client, PlatformImmersionRequest, ref == candidate_ref(sender)) == 0
    assert count(client, AuditEntry, AuditEntry.sender_id == sender) == 0
    alias = pseudonym(pseudonym_key(assistant(client).settings), sender)
    assert count(client, AuditEntry, AuditEntry.sender_id == alias) == audited
    with assistant(client).sessions() as session:
        details = [e.detail for e in session.scalars(select(AuditEntry))]
    assert sender not in repr(details)
    # the other person keeps everything
    after = _snapshot(client)
    assert after["handoffs"] == others["handoffs"] - 1
    assert after["platform_bookings"] == others["platform_bookings"] - 1
    assert count(client, Conversation, Conversation.sender_id == "web:other") == 1
    assert (
        count(client, PlatformBooking, PlatformBooking.candidate_ref == candidate_ref("web:other"))
        == 1
    )

    assert client.get("/api/candidates/web:amina/export", headers=AUTH).status_code == 404
    assert client.delete("/api/candidates/web:amina", headers=AUTH).status_code == 404


def test_unknown_sender_is_404_and_nothing_is_touched(client: TestClient) -> None:
    (event,) = future_events(client, 1)
    full_candidate(client, "web:keep", event)
    before = _snapshot(client)
    for call in (client.delete, client.get):
        path = "/api/candidates/nobody" + ("/export" if call == client.get else "")
        response = call(path, headers=AUTH)
        assert response.status_code == 404 and "nobody" in response.json()["detail"]
    assert _snapshot(client) == before


def test_admin_api_needs_the_token(client: TestClient) -> None:
    say(client, "web:x", "bonjour")
    assert client.delete("/api/candidates/web:x").status_code == 401
    assert client.get("/api/candidates/web:x/export").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.delete("/api/candidates/web:x", headers=wrong).status_code == 401
    assert count(client, Conversation) == 1


def test_in_chat_erasure_also_erases_the_platform_rows(client: TestClient) -> None:
    (event,) = future_events(client, 1)
    full_candidate(client, "web:chat", event)
    assert "efface tout" in texts(say(client, "web:chat", "/delete_data"))[0]
    assert "effacé" in texts(say(client, "web:chat", "/affirm"))[0]
    assert (
        count(client, PlatformBooking, PlatformBooking.candidate_ref == candidate_ref("web:chat"))
        == 0
    )
    assert count(client, AuditEntry, AuditEntry.sender_id == "web:chat") == 0
    assert client.get("/api/candidates/web:chat/export", headers=AUTH).status_code == 404


def test_platform_erase_endpoint_is_national_only(client: TestClient) -> None:
    from platform_server.auth import create_api_key
    from tests.embedded_platform import platform_client

    key = create_api_key(assistant(client).sessions, "33")
    platform = platform_client(client.app)  # type: ignore[arg-type]
    response = platform.delete("/platform/v1/candidates/web:z", headers={"X-Platform-Key": key})
    assert response.status_code == 403


def test_privacy_notice_in_french(client: TestClient) -> None:
    page = client.get("/confidentialite")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    for words in ("supprimer mes données", "24 mois", "consentement", "commune", "diplômes"):
        assert words in text
    assert '<html lang="fr">' in text


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("appelez le 06 12 34 56 78 svp", "appelez le [téléphone] svp"),
        ("tel 0612345678.", "tel [téléphone]."),
        ("WhatsApp whatsapp:+33612345678", "WhatsApp whatsapp:[id]"),
        ("from +33 6 12 34 56 78 ok", "from [téléphone] ok"),
        ("écrire à amina.diallo+job@example.fr", "écrire à [email]"),
        ("code postal 33700, 2 enfants", "code postal 33700, 2 enfants"),
    ],
)
def test_redaction(raw: str, masked: str) -> None:
    assert redact(raw) == masked


def test_log_records_are_redacted_once_the_app_is_built(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.test"):
        logging.getLogger("bot.test").info("sms from %s: %s", "+33612345678", "a@b.fr")
    assert "+33612345678" not in caplog.text and "a@b.fr" not in caplog.text
    assert "[téléphone]" in caplog.text and "[email]" in caplog.text


def test_the_access_log_is_written_and_masked(client: TestClient) -> None:
    """uvicorn's access formatter unpacks the record's five arguments: they stay five."""
    from uvicorn.logging import AccessFormatter

    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/candidates/sms:+33612345678/export", "1.1", 200),
        None,
    )
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(record)
    assert line == "127.0.0.1:5000 GET /api/candidates/sms:[id]/export HTTP/1.1 200 OK"
