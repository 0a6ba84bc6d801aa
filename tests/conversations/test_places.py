"""Places in whole conversations (through REST, checking the tracker): a département
named with the article of a small commune's name, a département by its number, a
compound commune misspelt in one part. The person's place is what they said, never a
commune they did not name."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, tracker_of

_ids = itertools.count(1)


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


def _buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for r in replies for b in r.get("buttons") or []]


def test_a_region_alone_is_asked_with_its_departements_and_the_one_chosen_is_kept(
    client: TestClient,
) -> None:
    """A region is no place to search near: its départements are offered, nothing is
    stored before the person picks one."""
    sender = f"places-{next(_ids)}"
    post = rest_poster(client, sender)
    post("bonsoir, je souhaite travailler comme aide à domicile")
    post("oui")
    replies = post("nous sommes installés en Normandie")
    titles = [b["title"] for b in _buttons(replies)]
    assert "Calvados (14)" in titles and "Seine-Maritime (76)" in titles and len(titles) == 5
    slots = tracker_of(client, sender)["slots"]
    assert slots["departement"] is None and slots["commune"] is None
    manche = next(b["payload"] for b in _buttons(replies) if b["title"] == "Manche (50)")
    post(manche)
    slots = tracker_of(client, sender)["slots"]
    assert (slots["departement"], slots["commune"]) == ("50", None)


def test_a_wide_region_asks_the_commune_and_a_departement_number_answers(
    client: TestClient,
) -> None:
    """Nouvelle-Aquitaine has twelve départements: no options, the question alone; the
    number typed back is the département (the question asked was about the place)."""
    replies, slots = _talk(client, "auxiliaire de vie en nouvelle aquitaine", "oui")
    assert "Nouvelle-Aquitaine" in replies[-1]["text"] and not _buttons(replies)
    assert slots["departement"] is None
    _, slots = _talk(client, "auxiliaire de vie en nouvelle aquitaine", "oui", "on est du 87")
    assert (slots["departement"], slots["commune"]) == ("87", None)


def test_a_region_named_with_its_town_is_no_question(client: TestClient) -> None:
    """ "Vannes en Bretagne": the town says where; "Pays de la Loire" names no Loire (42)."""
    _, slots = _talk(client, "ASH sur Vannes en Bretagne", "oui")
    assert (slots["commune"], slots["departement"]) == ("Vannes", "56")
    replies, slots = _talk(client, "je veux être ASH", "oui", "je suis dans les Pays de la Loire")
    assert slots["departement"] is None
    assert "Vendée (85)" in [b["title"] for b in _buttons(replies)]


@pytest.mark.parametrize(("answer", "departement"), [("c'est le 29", "29"), ("bah du 2B", "2B")])
def test_a_departement_number_answers_the_place_question(
    client: TestClient, answer: str, departement: str
) -> None:
    _, slots = _talk(client, "je voudrais devenir aide-soignante", "oui", answer)
    assert (slots["departement"], slots["commune"]) == (departement, None)


def test_a_number_answering_the_children_question_is_no_departement(client: TestClient) -> None:
    replies, slots = _talk(client, "ASH a Brest, permis oui, une voiture", "oui", "non merci")
    assert "enfants" in replies[-1]["text"]
    _, slots = _talk(client, "ASH a Brest, permis oui, une voiture", "oui", "non merci", "10")
    assert (slots["children"], slots["departement"]) == (10, "29")  # never the Aube (10)


@pytest.mark.parametrize(
    ("answer", "commune", "departement"),
    [("jhabite a paau", "Pau", "64"), ("aegn", "Agen", "47"), ("moi c'est riiom", "Riom", "63")],
)
def test_a_short_town_name_misspelt_is_that_town(
    client: TestClient, answer: str, commune: str, departement: str
) -> None:
    _, slots = _talk(client, "je cherche un emploi d'agent de service", "oui", answer)
    assert (slots["commune"], slots["departement"]) == (commune, departement)


# Never guessed silently: a hamlet whose exact name is one letter from a big town
# ("bourdeaux"), or whose name a big town continues ("evry"), is asked beside that
# town; a département written in the same message settles the name; a commune outside
# the département written is asked; an arrondissement number after Paris, Lyon or
# Marseille is that arrondissement.
_START = ("bonjour je cherche du travail comme aide a domicile", "oui")


def _titles(replies: list[dict[str, Any]]) -> list[str]:
    return [str(b["title"]) for r in replies for b in r.get("buttons") or []]


@pytest.mark.parametrize(
    ("answer", "big_town"),
    [
        ("on habite bourdeaux", "Bordeaux (33 Gironde)"),
        ("moi c'est a chambry", "Chambéry (73 Savoie)"),
        ("je suis a evry", "Évry-Courcouronnes (91 Essonne)"),
    ],
)
def test_a_hamlet_near_a_big_towns_name_is_asked_beside_it(
    client: TestClient, answer: str, big_town: str
) -> None:
    replies, slots = _talk(client, *_START, answer)
    assert big_town in _titles(replies)
    assert len(_titles(replies)) >= 2  # the hamlet of that exact name is offered too
    assert not slots.get("commune") and not slots.get("departement")


def test_the_big_town_clicked_is_kept(client: TestClient) -> None:
    sender = f"places-{next(_ids)}"
    post = rest_poster(client, sender)
    for message in _START:
        post(message)
    replies = post("je suis sur toujouse")
    toulouse = next(
        b["payload"] for r in replies for b in r.get("buttons") or [] if "Toulouse" in b["title"]
    )
    post(toulouse)
    slots = tracker_of(client, sender)["slots"]
    assert (slots["commune"], slots["departement"]) == ("Toulouse", "31")


@pytest.mark.parametrize(
    ("answer", "commune", "departement"),
    [
        ("c'est dans le 92, a Neuilly", "Neuilly-sur-Seine", "92"),
        ("on vit en essonne, a evry", "Évry-Courcouronnes", "91"),
    ],
)
def test_a_departement_written_beside_the_name_settles_it(
    client: TestClient, answer: str, commune: str, departement: str
) -> None:
    _, slots = _talk(client, *_START, answer)
    assert (slots["commune"], slots["departement"]) == (commune, departement)


def test_a_commune_outside_the_departement_written_is_asked(client: TestClient) -> None:
    replies, slots = _talk(client, *_START, "j'habite Quimper dans le 44")
    titles = _titles(replies)
    assert "Quimper (29 Finistère)" in titles and "Loire-Atlantique (44)" in titles
    assert not slots.get("commune") and not slots.get("departement")


@pytest.mark.parametrize(
    ("answer", "postal_code"),
    [("Marseille 13e", "13013"), ("j'habite paris 15eme", "75015"), ("Lyon 3ème", "69003")],
)
def test_an_arrondissement_number_is_that_arrondissement(
    client: TestClient, answer: str, postal_code: str
) -> None:
    replies, slots = _talk(client, *_START, answer)
    assert slots["postal_code"] == postal_code
    assert not any("Plusieurs communes" in (r.get("text") or "") for r in replies)
