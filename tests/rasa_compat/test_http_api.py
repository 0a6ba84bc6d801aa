"""Rasa's HTTP API shapes: /version, /status, /model/parse's text_tokens, the tracker."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app

AUTH = {"Authorization": "Bearer test-token"}


def test_version_is_public_and_has_rasas_keys(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        body = client.get("/version").json()
    assert body["version"] and body["minimum_compatible_version"]


def test_status_needs_the_token_and_names_the_model(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        assert client.get("/status").status_code == 401
        body = client.get("/status", headers=AUTH).json()
    assert set(body) >= {"model_file", "model_id", "num_active_training_jobs", "fingerprint"}
    assert body["num_active_training_jobs"] == 0


def test_parse_gives_text_tokens_as_offsets(settings: Settings) -> None:
    text = "J'habite à Saint-Étienne, 42000 !"
    with TestClient(assistant_app(settings)) as client:
        body = client.post("/model/parse", json={"text": text}).json()
    tokens = [text[start:end] for start, end in body["text_tokens"]]
    assert tokens == ["J", "'", "habite", "à", "Saint", "-", "Étienne", ",", "42000", "!"]


def test_tracker_has_rasas_state_fields(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        client.post("/webhooks/rest/webhook", json={"sender": "awa", "message": "/want_job"})
        client.post("/webhooks/rest/webhook", json={"sender": "awa", "message": "/affirm"})
        tracker = client.get("/conversations/awa/tracker", headers=AUTH).json()
    assert tracker["paused"] is False  # no counsellor holds it
    assert tracker["active_loop"] == {"name": "qualification"}  # the form asks its questions
    assert tracker["latest_action_name"].startswith("action_")
    assert tracker["latest_action"] == {"action_name": tracker["latest_action_name"]}
    assert tracker["latest_input_channel"] == "rest"
    assert tracker["latest_event_time"] == tracker["events"][-1]["timestamp"]


def test_docs_work_without_internet(settings: Settings) -> None:
    """The Swagger page and its assets come from this server, not a CDN."""
    with TestClient(assistant_app(settings)) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assert "cdn" not in page.text.lower() and "http" not in page.text.split("<body>")[1]
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            response = client.get(f"/docs/assets/{asset}")
            assert response.status_code == 200 and len(response.content) > 10_000
        assert client.get("/docs/assets/..%2Fpackage.json").status_code == 404
