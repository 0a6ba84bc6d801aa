"""Places and facts as candidates write them in a conversation (issue 16): an
arrondissement is its city with the arrondissement's postal code, a street's name is
no place, a diploma's full title keeps its diploma with a comma inside, public
transport for everything says there is no vehicle."""

from __future__ import annotations

from typing import Any

import pytest

from nlu.evaluate import evaluate_pipeline
from nlu.pipeline import NLUPipeline
from nlu.training_data import load_training_data

from .conftest import NLU_DIR, TODAY


def found(nlu: NLUPipeline, text: str, kind: str) -> list[dict[str, Any]]:
    return [e for e in nlu.parse(text, today=TODAY).entities if e["entity"] == kind]


@pytest.mark.parametrize(
    ("text", "commune", "code"),
    [
        ("j'habite Lyon 4ème", "Lyon", "69004"),
        ("je suis à Marseille 12", "Marseille", "13012"),
        ("on vit Paris 13e", "Paris", "75013"),
        ("69002 Lyon", "Lyon", "69002"),
        ("code postal 13009", "Marseille", "13009"),
    ],
)
def test_an_arrondissement_is_its_city_with_its_postal_code(
    nlu: NLUPipeline, text: str, commune: str, code: str
) -> None:
    # was the commune "Lyon 4", which no event, button nor person calls it
    places = found(nlu, text, "location")
    assert places, text
    assert {(e["commune"], e["postal_code"]) for e in places} == {(commune, code)}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("j'habite rue de Metz à Nancy", ["Nancy"]),
        ("je suis avenue de Rennes", []),
        ("j'habite 4 bd de Bordeaux 17000 La Rochelle", ["17000", "La Rochelle"]),
        ("je loge chemin de Nîmes", []),
        ("on est place de la Bastille", []),
        ("c'est impasse de Toulon à Hyères", ["Hyères"]),
    ],
)
def test_a_streets_name_is_no_place(nlu: NLUPipeline, text: str, places: list[str]) -> None:
    assert sorted(e["value"] for e in found(nlu, text, "location")) == sorted(places)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("j'ai un bac pro accompagnement, soins et services à la personne", "bac_pro_assp"),
        ("diplômée du titre professionnel assistant de vie, aux familles", "titre_advf"),
        ("CAP accompagnant éducatif, petite enfance depuis 2019", "cap_aepe"),
    ],
)
def test_a_comma_inside_a_diplomas_full_title_keeps_the_diploma(
    nlu: NLUPipeline, text: str, value: str
) -> None:
    assert [e["value"] for e in found(nlu, text, "diploma")] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "je prends le tram partout",
        "je fais tout en bus",
        "je circule qu'en métro",
        "j'utilise seulement les transports en commun",
    ],
)
def test_public_transport_for_everything_means_no_vehicle(nlu: NLUPipeline, text: str) -> None:
    assert [e["value"] for e in found(nlu, text, "vehicle")] == ["none"]
    assert [e["value"] for e in found(nlu, text, "public_transport")] == ["true"]


@pytest.mark.parametrize(
    "text", ["je sais que le bus passe à 8h", "le tram est toujours plein", "j'ai une voiture"]
)
def test_a_bus_mentioned_says_nothing_of_a_vehicle(nlu: NLUPipeline, text: str) -> None:
    assert [e["value"] for e in found(nlu, text, "vehicle")] in ([], ["car"])
    assert not [e for e in found(nlu, text, "vehicle") if e["value"] == "none"]


def test_session_20_held_out_entities_keep_their_figures(nlu: NLUPipeline) -> None:
    data = load_training_data(NLU_DIR / "data" / "dev" / "entities_s20.yml")
    entities = evaluate_pipeline(nlu, data)["entities"]
    for kind in ("location.commune", "diploma", "vehicle", "public_transport"):
        assert entities[kind]["f1"] >= 0.95, (kind, entities[kind])
    assert entities["micro avg"]["precision"] >= 0.97
