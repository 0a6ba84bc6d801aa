"""The HTTP answers checked against the shapes Rasa documents for its server
(the OpenAPI spec of the Rasa HTTP API: Version, Status, ParseResult, Intent,
Entity, BotMessage, Tracker) and its REST channel, written out below as
schemas. A client written for a Rasa server reads these answers unchanged.

Two places where Rasa 3's server differs from its own spec, followed here as the
server does: the tracker names the conversation `sender_id` and gives the slots
as an object; `active_loop` replaced the spec's `active_form`.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app

AUTH = {"Authorization": "Bearer test-token"}

STRING: dict[str, Any] = {"type": "string"}
NUMBER: dict[str, Any] = {"type": "number"}
INTENT = {
    "type": "object",
    "required": ["name", "confidence"],
    "properties": {"confidence": NUMBER},
}
ENTITY = {
    "type": "object",
    "required": ["start", "end", "value", "entity"],
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "entity": STRING},
}
PARSE_RESULT = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": STRING,
        "intent": INTENT,
        "intent_ranking": {"type": "array", "items": INTENT},
        "entities": {"type": "array", "items": ENTITY},
    },
}
BUTTON = {
    "type": "object",
    "required": ["title", "payload"],
    "properties": {"title": STRING, "payload": STRING},
}
BOT_MESSAGE = {
    "type": "object",
    "required": ["recipient_id"],
    "properties": {
        "recipient_id": STRING,
        "text": STRING,
        "image": STRING,
        "buttons": {"type": "array", "items": BUTTON},
        "custom": {"type": "object"},
    },
}
EVENT = {
    "type": "object",
    "required": ["event", "timestamp"],
    "properties": {"event": STRING, "timestamp": NUMBER},
}
TRACKER = {
    "type": "object",
    "required": [
        "sender_id", "slots", "latest_message", "latest_event_time", "followup_action",
        "paused", "events", "latest_input_channel", "active_loop", "latest_action",
        "latest_action_name",
    ],
    "properties": {
        "sender_id": STRING,
        "slots": {"type": "object"},
        "latest_message": PARSE_RESULT,
        "latest_event_time": NUMBER,
        "paused": {"type": "boolean"},
        "events": {"type": "array", "items": EVENT},
        "latest_input_channel": STRING,
        "latest_action_name": STRING,
        "active_loop": {"type": "object"},
        "latest_action": {"type": "object", "properties": {"action_name": STRING}},
    },
}  # fmt: skip
VERSION = {
    "type": "object",
    "required": ["version", "minimum_compatible_version"],
    "properties": {"version": STRING, "minimum_compatible_version": STRING},
}
STATUS = {
    "type": "object",
    "required": ["model_file", "fingerprint", "num_active_training_jobs"],
    "properties": {
        "model_file": STRING,
        "fingerprint": {"type": "object"},
        "num_active_training_jobs": {"type": "integer"},
    },
}
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
}


def mismatches(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Where `value` departs from `schema` (type, required, properties, items)."""
    kind = schema.get("type")
    if kind and (
        not isinstance(value, TYPES[kind])
        or (kind in ("integer", "number") and isinstance(value, bool))
    ):
        return [f"{where}: {type(value).__name__} instead of {kind}"]
    found = []
    if isinstance(value, dict):
        found += [
            f"{where}.{key}: missing" for key in schema.get("required", ()) if key not in value
        ]
        for key, sub in schema.get("properties", {}).items():
            if value.get(key) is not None:
                found += mismatches(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += mismatches(item, schema["items"], f"{where}[{i}]")
    return found


def test_the_schemas_do_catch_a_departure() -> None:
    assert mismatches({"text": 3}, PARSE_RESULT) == ["$.text: int instead of string"]
    assert mismatches([{"text": "x"}], {"type": "array", "items": BOT_MESSAGE}) == [
        "$[0].recipient_id: missing"
    ]


def test_the_server_probes_answer_rasas_shapes(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        assert mismatches(client.get("/version").json(), VERSION) == []
        assert mismatches(client.get("/status", headers=AUTH).json(), STATUS) == []


def test_parse_rest_and_tracker_answer_rasas_shapes(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        parsed = client.post("/model/parse", json={"text": "Bonjour, j'habite à Lille"}).json()
        assert mismatches(parsed, PARSE_RESULT) == []
        # Rasa's REST channel: {"sender", "message", "metadata"?} → a list of BotMessage
        every: list[dict[str, Any]] = []
        for message in ("/greet", "/want_job", "/affirm"):
            replies = client.post(
                "/webhooks/rest/webhook",
                json={"sender": "rasa-client", "message": message, "metadata": {"from": "x"}},
            ).json()
            assert replies and mismatches(replies, {"type": "array", "items": BOT_MESSAGE}) == []
            assert {r["recipient_id"] for r in replies} == {"rasa-client"}
            every += replies
        assert any(r.get("buttons") for r in every)  # the welcome's choices
        tracker = client.get("/conversations/rasa-client/tracker", headers=AUTH).json()
    assert mismatches(tracker, TRACKER) == []
    assert tracker["latest_message"]["text"] == "/affirm"
    assert [e["event"] for e in tracker["events"]].count("user") == 3


def test_the_tracker_takes_rasas_include_events_and_until(settings: Settings) -> None:
    with TestClient(assistant_app(settings)) as client:
        for message in ("/greet", "/want_job"):
            client.post("/webhooks/rest/webhook", json={"sender": "awa", "message": message})
        url = "/conversations/awa/tracker"
        whole = client.get(url, headers=AUTH).json()
        for verbosity in ("ALL", "AFTER_RESTART", "APPLIED"):
            got = client.get(url, params={"include_events": verbosity}, headers=AUTH).json()
            assert got["events"] == whole["events"]
        none = client.get(url, params={"include_events": "NONE"}, headers=AUTH).json()
        assert none["events"] is None and none["slots"] == whole["slots"]
        assert client.get(url, params={"include_events": "SOME"}, headers=AUTH).status_code == 422

        # `until`: the state as it was after the first message's turn
        second = next(
            e for e in whole["events"] if e["event"] == "user" and e["text"] == "/want_job"
        )
        earlier = [e for e in whole["events"] if e["timestamp"] < second["timestamp"]]
        then = client.get(url, params={"until": earlier[-1]["timestamp"]}, headers=AUTH).json()
    assert then["events"] == earlier
    assert then["latest_message"]["text"] == "/greet"
    assert then["latest_event_time"] == earlier[-1]["timestamp"]
    assert then["active_loop"] == {} and whole["active_loop"] == {"name": "qualification"}
