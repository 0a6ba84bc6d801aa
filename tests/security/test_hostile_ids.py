"""Ids a client makes up reach the database as they are: a NUL in one (a sender id, a
message id, a URL's sender, a login's e-mail) made PostgreSQL fail, a 500 on every
try (issue 18, found by hand after the fuzz bar, which runs on SQLite). And a database
error never logs the statement's values (message texts, names)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.console.login import LOGIN_CSRF
from bot.settings import Settings
from bot.storage.db import make_engine
from channels.messages import UserMessage, storable_id
from channels.socketio import _session_id
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import CSRF, login, prepare

WEBHOOK = "/webhooks/rest/webhook"
HOSTILE = ["web:a\x00b", "web:\x00", "web:a\x1b[2J", "web:a\x85", "web:\ud800x"]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_control_characters_are_no_part_of_an_id() -> None:
    assert all(not storable_id(value) for value in HOSTILE)
    assert storable_id("web:5f0c0e5e-8a3b-4c1e-9a55-1d2f3b4c5d6e")
    assert storable_id("nadia.o'brien+test@example.org")
    assert storable_id("web:Zoé")  # letters of any script are fine


@pytest.mark.parametrize("sender", ["web:a\x00b", "web:\x07", "web:x\x7f"])
def test_a_sender_id_with_control_characters_is_refused_not_a_500(
    client: TestClient, sender: str
) -> None:
    for _ in range(2):  # and again: nothing half-stored makes the next try fail
        answer = client.post(WEBHOOK, json={"sender": sender, "message": "bonjour"})
        assert answer.status_code == 422, answer.text
    assert client.post("/webhooks/rest/token", json={"sender": sender}).status_code == 422
    assert client.post(WEBHOOK, json={"sender": "web:ok", "message": "bonjour"}).status_code == 200


def test_a_message_id_with_a_nul_is_refused_not_a_500(client: TestClient) -> None:
    body = {"sender": "web:ids", "message": "bonjour", "message_id": "m\x001"}
    assert client.post(WEBHOOK, json=body).status_code == 422
    body["message_id"] = "m-1"
    assert client.post(WEBHOOK, json=body).status_code == 200


def test_a_nul_in_a_message_text_is_dropped_not_refused(client: TestClient) -> None:
    answer = client.post(WEBHOOK, json={"sender": "web:texts", "message": "bon\x00jour"})
    assert answer.status_code == 200 and answer.json()


@pytest.mark.parametrize(
    "url",
    [
        "/conversations/web:a%00b/tracker",
        "/conversations/web%3A%07/tracker",
        "/conversations/web:x/tracker?until=1%00",
    ],
)
def test_a_url_with_control_characters_is_a_400(client: TestClient, url: str) -> None:
    headers = {"Authorization": "Bearer test-token"}
    assert client.get(url, headers=headers).status_code == 400
    assert client.delete("/api/candidates/web:a%00b", headers=headers).status_code == 400
    assert client.get("/conversations/web:x/tracker", headers=headers).status_code == 404  # unknown


def test_a_login_with_a_nul_in_the_address_is_a_failed_login(client: TestClient) -> None:
    page = client.get("/console/login")
    token = CSRF.search(page.text)[1]  # type: ignore[index]
    client.cookies.set(LOGIN_CSRF, token)  # the test client is http: it would not send it
    for email in ("nadia\x00@example.org", "nadia\x1b@example.org"):
        answer = client.post(
            "/console/login",
            data={"email": email, "password": "a password long enough", "csrf_token": token},
        )
        assert answer.status_code == 401 and "incorrect" in answer.text


def test_a_socketio_session_id_with_control_characters_is_replaced() -> None:
    assert _session_id("web:a\x00b") is None  # the client then gets a fresh random id
    assert _session_id("2c1d7e0a") == "2c1d7e0a"


def test_the_processor_refuses_such_an_id_from_any_channel(client: TestClient) -> None:
    app: Any = client.app
    processor = app.state.assistant.processor
    message = UserMessage(sender_id="tg:1\x00", text="bonjour", channel="telegram")
    assert client.portal.call(processor.handle, message) == []
    odd_id = UserMessage(sender_id="tg:2", text="bonjour", channel="telegram", message_id="\x00")
    assert client.portal.call(processor.handle, odd_id)  # answered, under an id of its own


def test_a_database_error_does_not_carry_the_values(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A failed statement's exception (logged with its traceback by the worker) listed
    its parameters: a candidate's message, name or phone number in clear."""
    engine = make_engine(database_url)
    secret = "Je suis Jeanne Martin, enceinte, au 06 12 34 56 78"
    try:
        with pytest.raises(SQLAlchemyError) as raised, engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table WHERE x = :x"), {"x": secret})
        with caplog.at_level(logging.ERROR):
            logging.getLogger("bot").error("failed", exc_info=raised.value)
        assert "Jeanne" not in str(raised.value)
        assert "Jeanne" not in caplog.text
    finally:
        engine.dispose()


def test_a_nul_in_a_console_form_is_dropped_not_a_500(settings: Settings) -> None:
    """A canned answer or a note pasted from a document may carry a NUL."""
    with TestClient(assistant_app(settings), raise_server_exceptions=False) as client:
        prepare(client)
        nadia = login(client, "nadia")
        saved = nadia.post("/console/replies", {"shortcut": "adresse", "text": "Au 3\x00 rue"})
        assert saved.status_code in (200, 303), saved.text
        page = nadia.get("/console/replies")
        assert page.status_code == 200 and "Au 3 rue" in page.text
