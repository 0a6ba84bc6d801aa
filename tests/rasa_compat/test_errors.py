"""Bad input on the Rasa-compatible routes is answered in the shape of Rasa's server
errors (rasa/server.py `ErrorResponse`, the Rasa HTTP API's `Error` schema):
`{"version", "status": "failure", "message", "reason", "details", "help", "code"}`,
with our `detail` kept; our other routes keep `{"detail"}`. The OpenAPI says so."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app

AUTH = {"Authorization": "Bearer test-token"}
RASA_KEYS = {"version", "status", "message", "reason", "details", "help", "code"}
JSON = {"content-type": "application/json"}


def _rasa_error(response: httpx.Response, code: int, reason: str) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert response.status_code == code, body
    assert set(body) >= RASA_KEYS
    assert body["status"] == "failure" and body["code"] == code and body["reason"] == reason
    assert isinstance(body["message"], str) and body["message"] == body["detail"]
    assert isinstance(body["details"], dict) and body["version"]
    return body


@pytest.fixture
def client(settings: Settings) -> Any:
    with TestClient(assistant_app(settings)) as test_client:
        yield test_client


def test_the_rest_webhook_refuses_in_rasas_shape(client: TestClient) -> None:
    url = "/webhooks/rest/webhook"
    not_json = client.post(url, content=b"{not json", headers=JSON)
    assert _rasa_error(not_json, 400, "BadRequest")["details"] == {"in": "body"}
    missing = _rasa_error(client.post(url, json={"sender": "s1"}), 422, "BadRequest")
    assert missing["details"] == {"parameter": "message", "in": "body"}
    assert missing["errors"][0]["loc"][-1] == "message"  # our detail is still there
    _rasa_error(client.post(url, json=["a", "list"]), 422, "BadRequest")
    _rasa_error(client.post(url, content=b"[" * 100_000, headers=JSON), 400, "BadRequest")
    # a good message still goes through
    assert client.post(url, json={"sender": "s1", "message": "bonjour"}).status_code == 200


def test_parse_tracker_and_status_refuse_in_rasas_shape(client: TestClient) -> None:
    no_text = _rasa_error(client.post("/model/parse", json={"txt": "x"}), 422, "BadRequest")
    assert no_text["details"] == {"parameter": "text", "in": "body"}
    too_long = client.post("/model/parse", json={"text": "a" * 10_000})
    assert "longer than" in _rasa_error(too_long, 422, "BadRequest")["message"]

    anonymous = client.get("/conversations/s1/tracker")
    _rasa_error(anonymous, 401, "NotAuthenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    _rasa_error(client.get("/status"), 401, "NotAuthenticated")
    unknown = client.get("/conversations/nobody/tracker", headers=AUTH)
    assert "nobody" in _rasa_error(unknown, 404, "NotFound")["message"]
    bad = client.get("/conversations/s1/tracker?include_events=SOME", headers=AUTH)
    assert _rasa_error(bad, 422, "BadRequest")["details"] == {
        "parameter": "include_events",
        "in": "query",
    }
    _rasa_error(client.post("/version"), 405, "MethodNotAllowed")


def test_other_routes_keep_their_own_error_shape(client: TestClient) -> None:
    refused = client.post("/webhooks/rest/token", json={})
    assert refused.status_code == 422 and set(refused.json()) == {"detail", "errors"}
    assert set(client.get("/api/handoffs").json()) == {"detail"}  # 401, admin API
    assert set(client.get("/no/such/page").json()) == {"detail"}


def test_the_openapi_documents_rasas_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schema = spec["components"]["schemas"]["RasaError"]
    assert set(schema["required"]) >= RASA_KEYS
    ref = {"$ref": "#/components/schemas/RasaError"}
    for path, method, status in [
        ("/webhooks/rest/webhook", "post", "422"),
        ("/model/parse", "post", "422"),
        ("/conversations/{sender}/tracker", "get", "401"),
        ("/status", "get", "401"),
    ]:
        response = spec["paths"][path][method]["responses"][status]
        assert response["content"]["application/json"]["schema"] == ref, (path, status)
    token = spec["paths"]["/webhooks/rest/token"]["post"]["responses"]["422"]
    assert token["content"]["application/json"]["schema"] != ref


def test_a_channel_failure_escaping_a_route_is_a_json_500() -> None:
    """`ChannelError` is the adapters' own (channels/ imports nothing of bot/): a send
    that fails inside a request still gets the JSON 500, in Rasa's shape on a Rasa
    route, as the core's errors do, never the server's bare text."""
    from fastapi import APIRouter, FastAPI

    from bot.web.errors import install_error_handlers
    from channels.http import RasaRoute
    from channels.outputs import ChannelError

    app = FastAPI()
    install_error_handlers(app)
    rasa = APIRouter(route_class=RasaRoute)

    async def send() -> None:
        raise ChannelError("Twilio is unreachable")

    app.add_api_route("/send", send)
    rasa.add_api_route("/rasa/send", send)
    app.include_router(rasa)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        plain = test_client.get("/send")
        assert plain.status_code == 500 and plain.json() == {"detail": "internal error"}
        _rasa_error(test_client.get("/rasa/send"), 500, "InternalError")
