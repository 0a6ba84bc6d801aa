"""Places in whole conversations (through REST, checking the tracker): a département
named with the article of a small commune's name, a département by its number, a
compound commune misspelt in one part. The person's place is what they said, never a
commune they did not name."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, serving, tracker_of

_ids = itertools.count(1)


@pytest.fixture(scope="module")
def client(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with serving(trained_models, tmp_path_factory.mktemp("places")) as test_client:
        yield test_client


def _talk(client: TestClient, *messages: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The last replies and the tracker's slots after the messages (the first one, then
    "oui" to the consent question)."""
    sender = f"places-{next(_ids)}"
    post = rest_poster(client, sender)
    replies: list[dict[str, Any]] = []
    for message in messages:
        replies = post(message)
    return replies, dict(tracker_of(client, sender).get("slots") or {})


@pytest.mark.parametrize(
    ("message", "departement"),
    [
        ("bonsoir, je voudrais devenir aide-soignant, on habite dans la Marne", "51"),
        ("je cherche un emploi d'ASH dans la loire", "42"),
    ],
)
def test_a_departement_named_with_its_article_is_where_the_person_is(
    client: TestClient, message: str, departement: str
) -> None:
    _, slots = _talk(client, message, "oui")
    assert slots["departement"] == departement
    assert not slots.get("commune")  # not "La Marne" (44) nor "La Loire"


def test_je_suis_du_and_a_number_is_the_departement(client: TestClient) -> None:
    _, slots = _talk(client, "salut je suis du 33 et je veux bosser comme auxiliaire de vie", "oui")
    assert slots["departement"] == "33"
    assert not slots.get("commune")


#: what the person writes → the commune and département stored
MISSPELT_COMPOUNDS = {
    "aide a domicile, j'habite Villefrnache-sur-Saone": ("Villefranche-sur-Saône", "69"),
    "je veux être aide-soignante a Boulogne-sur-Mre 62200": ("Boulogne-sur-Mer", "62"),
    "ASH sur Chalons-en-Champagen": ("Châlons-en-Champagne", "51"),
}


@pytest.mark.parametrize("message", list(MISSPELT_COMPOUNDS))
def test_a_compound_commune_misspelt_in_one_part_is_that_commune(
    client: TestClient, message: str
) -> None:
    replies, slots = _talk(client, message, "oui")
    assert (slots["commune"], slots["departement"]) == MISSPELT_COMPOUNDS[message]
    assert not any("deux lieux" in (r.get("text") or "") for r in replies)
