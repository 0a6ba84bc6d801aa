"""POST /model/parse with the trained pipeline: Rasa's exact shape, never an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app


@pytest.fixture(scope="module")
def client(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path_factory.mktemp('parse')}/parse.db",
        models_dir=trained_models,
    )
    with TestClient(assistant_app(settings)) as test_client:
        yield test_client


def test_parse_has_rasas_shape_and_canonical_entities(client: TestClient) -> None:
    text = (
        "jcherche 1 taf comme auxiliaire de vie, jsuis a roubaix jai le permis mais pa de voiture"
    )
    data = client.post("/model/parse", json={"text": text}).json()
    assert set(data) >= {"text", "intent", "intent_ranking", "entities"}
    assert data["text"] == text
    assert data["intent"]["name"] == "want_job" and 0 < data["intent"]["confidence"] <= 1
    assert all({"name", "confidence"} <= set(r) for r in data["intent_ranking"])
    found = {(e["entity"], str(e["value"])) for e in data["entities"]}
    assert {("job", "advf"), ("driving_licence", "true"), ("vehicle", "none")} <= found
    location = next(e for e in data["entities"] if e["entity"] == "location")
    assert (
        location["departement"] == "59" and text[location["start"] : location["end"]] == "roubaix"
    )
    for entity in data["entities"]:
        assert {"entity", "value", "start", "end", "confidence_entity", "extractor"} <= set(entity)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "🙂🙂🙂",
        "<script>alert(1)</script>",
        "\x00\x07 bonjour",
        "a" * 4_000,  # the longest accepted (longer: 422, tests/security/test_rate_limits.py)
        "Where is the nearest hospital?",
        "  Mérignac  ",
    ],
)
def test_bad_input_never_fails(client: TestClient, text: str) -> None:
    response = client.post("/model/parse", json={"text": text})
    assert response.status_code == 200
    data = response.json()
    assert data["intent"]["name"]
    for entity in data["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(text)


def test_button_payloads_are_understood(client: TestClient) -> None:
    data = client.post("/model/parse", json={"text": '/book_event{"event_id": "e1"}'}).json()
    assert data["intent"] == {"name": "book_event", "confidence": 1.0}
    assert data["entities"][0]["entity"] == "event_id" and data["entities"][0]["value"] == "e1"


def test_missing_text_is_a_client_error(client: TestClient) -> None:
    assert client.post("/model/parse", json={}).status_code == 422
