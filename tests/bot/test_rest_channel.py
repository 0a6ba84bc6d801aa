"""The Rasa REST channel and the tracker endpoint, end to end over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app

AUTH = {"Authorization": "Bearer test-token"}


def test_round_trip_replies_in_rasa_shape_and_stores_every_turn(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        reply = client.post(
            "/webhooks/rest/webhook", json={"sender": "fatou", "message": "bonjour"}
        )
        assert reply.status_code == 200
        messages = reply.json()
        assert messages and all(m["recipient_id"] == "fatou" for m in messages)
        assert "assistant automatique" in messages[0]["text"]

        client.post("/webhooks/rest/webhook", json={"sender": "fatou", "message": "/help"})
        tracker = client.get("/conversations/fatou/tracker", headers=AUTH).json()

    assert tracker["sender_id"] == "fatou"
    kinds = [e["event"] for e in tracker["events"]]
    assert kinds.count("user") == 2 and kinds.count("bot") >= 3
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["bonjour", "/help"]
    assert all(e["timestamp"] > 0 for e in tracker["events"])
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert all(e["input_channel"] == "rest" for e in user_events)
    assert tracker["latest_message"]["text"] == "/help"
    assert tracker["latest_message"]["intent"]["name"] == "help"
    # the contract's slots are all present, unknown ones null
    assert tracker["slots"]["commune"] is None and "barriers" in tracker["slots"]


def test_tracker_survives_a_restart(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        client.post("/webhooks/rest/webhook", json={"sender": "s1", "message": "bonjour"})
        before = client.get("/conversations/s1/tracker", headers=AUTH).json()
    with TestClient(assistant_app(settings)) as client:  # a new process on the same database
        after = client.get("/conversations/s1/tracker", headers=AUTH).json()
        client.post("/webhooks/rest/webhook", json={"sender": "s1", "message": "/help"})
        later = client.get("/conversations/s1/tracker", headers=AUTH).json()
    assert after == before
    assert later["events"][: len(before["events"])] == before["events"]
    assert len(later["events"]) > len(before["events"])


def test_tracker_endpoint_requires_the_token(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        client.post("/webhooks/rest/webhook", json={"sender": "s2", "message": "salut"})
        assert client.get("/conversations/s2/tracker").status_code == 401
        wrong = client.get("/conversations/s2/tracker", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"] == "Bearer"
        assert client.get("/conversations/s2/tracker", headers=AUTH).status_code == 200
        unknown = client.get("/conversations/nobody/tracker", headers=AUTH)
        assert unknown.status_code == 404 and "nobody" in unknown.json()["detail"]


def test_no_token_configured_means_nobody_gets_in(settings: Settings) -> None:
    open_settings = settings.model_copy(update={"api_token": None})
    with TestClient(assistant_app(open_settings)) as client:
        assert (
            client.get("/conversations/x/tracker", headers={"Authorization": "Bearer "}).status_code
            == 401
        )


def test_bad_input_gets_a_clear_answer_and_loses_nothing(settings: Settings) -> None:
    url = "/webhooks/rest/webhook"
    with TestClient(assistant_app(settings)) as client:
        client.post(url, json={"sender": "s3", "message": "bonjour"})
        before = client.get("/conversations/s3/tracker", headers=AUTH).json()["events"]

        invalid = client.post(
            url, content=b"{not json", headers={"content-type": "application/json"}
        )
        assert invalid.status_code == 400 and "JSON" in invalid.json()["detail"]
        missing = client.post(url, json={"sender": "s3"})
        assert missing.status_code == 422 and missing.json()["errors"][0]["loc"][-1] == "message"
        assert client.post(url, json={"message": "x"}).status_code == 422
        assert client.post(url, json={"sender": "", "message": "x"}).status_code == 422
        assert client.post(url, json=["a", "list"]).status_code == 422

        empty = client.post(url, json={"sender": "s3", "message": "   "})
        assert empty.status_code == 200 and "aucun texte" in empty.json()[0]["text"]

        huge = client.post(url, json={"sender": "s3", "message": "a" * 100_000})
        assert huge.status_code == 200
        assert "trop long" in huge.json()[0]["text"] and "100000" in huge.json()[0]["text"]

        too_big = client.post(
            url, content=b"x" * 2_000_000, headers={"content-type": "application/json"}
        )
        assert too_big.status_code == 413 and "detail" in too_big.json()

        weird = client.post(url, json={"sender": "s3", "message": "🙂🙂 <b>x</b>\x00\x07"})
        assert weird.status_code == 200 and weird.json()[0]["text"]

        after = client.get("/conversations/s3/tracker", headers=AUTH).json()["events"]
    assert after[: len(before)] == before
    long_message = next(e for e in after if e["event"] == "user" and e["text"].startswith("aaa"))
    assert len(long_message["text"]) == settings.max_message_chars


def test_health_and_openapi(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert health.json()["database"] == "ok"
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/health", "/webhooks/rest/webhook", "/conversations/{sender}/tracker"} <= set(
            paths
        )
        assert client.get("/docs").status_code == 200


def test_the_openapi_describes_the_errors_and_the_token_as_sent(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        spec = client.get("/openapi.json").json()
        refused = client.post("/webhooks/rest/token", json={"sendr": "web:x"})
        not_json = client.post(
            "/model/parse", content=b"{", headers={"content-type": "application/json"}
        )
    invalid = spec["components"]["schemas"]["HTTPValidationError"]
    assert refused.status_code == 422 and set(refused.json()) == {"detail", "errors"}
    assert invalid["properties"]["detail"]["type"] == "string"  # was FastAPI's list
    assert set(invalid["properties"]) == {"detail", "errors"}
    parse = spec["paths"]["/model/parse"]["post"]["responses"]
    assert not_json.status_code == 400 and "400" in parse
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, method in [("/conversations/{sender}/tracker", "get"), ("/api/stats", "get")]:
        operation = spec["paths"][path][method]
        assert operation["security"] == [{"HTTPBearer": []}] and "401" in operation["responses"]
